import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ref } from './cfn.js';
import type { CfnParameter } from './identifiers.js';

/**
 * Powertools (Logger, Parameters, Idempotency) is not bundled: every function takes it from Powertools' public
 * Lambda layer, which holds all of its packages and their dependencies in /opt/nodejs/node_modules. The layer's
 * version is the one package.json pins, so what the tests run against is what Lambda loads.
 */
export const POWERTOOLS_LAYER_PARAMETER = 'PowertoolsLayerArn';

const PACKAGE = /^@aws-lambda-powertools\//;

/** The Powertools version of a package.json's dependencies: one exact version for all of its packages. */
export function powertoolsVersion(dependencies: Record<string, string>): string {
  const versions = new Set(Object.entries(dependencies).filter(([name]) => PACKAGE.test(name)).map(([, v]) => v));
  if (versions.size !== 1) throw new Error(`package.json must pin every @aws-lambda-powertools package to one version (found ${[...versions].join(', ') || 'none'})`);
  const [version] = versions as Set<string>;
  if (!/^\d+\.\d+\.\d+$/.test(version!)) throw new Error(`@aws-lambda-powertools is "${version}" in package.json: the layer needs an exact version`);
  return version!;
}

/** Powertools publishes each layer version's ARN under this SSM parameter, in every commercial region. */
export const layerArnParameterName = (version: string) => `/aws/service/powertools/typescript/generic/all/${version}`;

function pinnedVersion(): string {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return powertoolsVersion(pkg.dependencies ?? {});
}

/**
 * A template parameter of type AWS::SSM::Parameter::Value<String>: CloudFormation reads the ARN from the public
 * parameter at every deploy, so `sls package` stays offline, and every function's Layers refers to it.
 */
export function powertoolsLayer(version: string = pinnedVersion()): { Parameters: Record<string, CfnParameter>; layers: unknown[] } {
  return {
    Parameters: {
      [POWERTOOLS_LAYER_PARAMETER]: {
        Type: 'AWS::SSM::Parameter::Value<String>',
        Default: layerArnParameterName(version),
        Description: `The ARN of the Powertools for AWS Lambda (TypeScript) ${version} layer, read from its public SSM parameter at deploy time`,
      },
    },
    layers: [ref(POWERTOOLS_LAYER_PARAMETER)],
  };
}
