import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';

let shared: Promise<SSMProvider> | undefined;

/**
 * The container's one SSM Parameter Store provider (Powertools Parameters: decryption, caching, error types):
 * the secrets and the maintenance windows share its client. Built on first use, so offline callers (render,
 * preview, tests of pure code) never load the SDK.
 */
export function ssmProvider(): Promise<SSMProvider> {
  shared ??= import('@aws-lambda-powertools/parameters/ssm').then(({ SSMProvider }) => new SSMProvider({ clientConfig: { maxAttempts: 3 } }));
  return shared;
}
