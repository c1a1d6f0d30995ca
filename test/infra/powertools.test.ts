/**
 * The Powertools layer's version is read from package.json: one exact version for every Powertools package, or
 * packaging fails, since the layer holds one version of all of them.
 */
import { describe, expect, it } from 'vitest';
import { layerArnParameterName, powertoolsLayers, powertoolsVersion, withPowertoolsLayer } from '../../infra/powertools.js';

describe('the Powertools layer version', () => {
  it('is the one exact version package.json gives every Powertools package', () => {
    const deps = { '@aws-lambda-powertools/logger': '2.35.0', '@aws-lambda-powertools/idempotency': '2.35.0', '@slack/webhook': '8.0.2' };
    expect(powertoolsVersion(deps)).toBe('2.35.0');
  });

  it('refuses two different versions, a range, or none', () => {
    expect(() => powertoolsVersion({ '@aws-lambda-powertools/logger': '2.35.0', '@aws-lambda-powertools/parameters': '2.34.0' })).toThrow(/one version/);
    expect(() => powertoolsVersion({ '@aws-lambda-powertools/logger': '^2.35.0' })).toThrow(/exact version/);
    expect(() => powertoolsVersion({ '@slack/webhook': '8.0.2' })).toThrow(/found none/);
  });

  it('names the public SSM parameter Powertools publishes for that version, as a dynamic reference', () => {
    expect(layerArnParameterName('2.35.0')).toBe('/aws/service/powertools/typescript/generic/all/2.35.0');
    expect(powertoolsLayers('2.35.0')).toEqual(['{{resolve:ssm:/aws/service/powertools/typescript/generic/all/2.35.0}}']);
  });

  it('extends each function Serverless compiles, under the logical id Serverless gives it', () => {
    expect(withPowertoolsLayer(['pagerduty', 'slack-app'], ['layer-arn'])).toEqual({
      PagerdutyLambdaFunction: { Properties: { Layers: ['layer-arn'] } },
      SlackDashappLambdaFunction: { Properties: { Layers: ['layer-arn'] } },
    });
  });
});
