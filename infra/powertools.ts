import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIPELINE_IDS } from './pipeline.js';

/**
 * Powertools (Logger, Parameters, Idempotency) is not bundled: every function takes it from Powertools' public
 * Lambda layer, which holds all of its packages and their dependencies in /opt/nodejs/node_modules. The layer's
 * version is the one package.json pins, so what the tests run against is what Lambda loads.
 */
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
 * A function's Layers: the layer ARN as a CloudFormation `ssm` dynamic reference to that public parameter (the
 * form Powertools documents for CloudFormation and SAM), which CloudFormation resolves at every deploy, so
 * `sls package` stays offline.
 */
export const powertoolsLayers = (version: string = pinnedVersion()): string[] => [`{{resolve:ssm:${layerArnParameterName(version)}}}`];

/**
 * Serverless's schema takes only `arn:` strings or intrinsic functions as `layers`, so the reference is set on
 * each compiled function through `resources.extensions` (a function Serverless did not compile fails packaging).
 */
export function withPowertoolsLayer(functionNames: readonly string[], layers: string[] = powertoolsLayers()) {
  return Object.fromEntries(functionNames.map((name) => [PIPELINE_IDS.function(name), { Properties: { Layers: layers } }]));
}
