import { ssmProvider } from './ssm.js';

/**
 * Secrets (Slack webhook URLs, the PagerDuty routing key: each destination names its own) live in SSM Parameter
 * Store as SecureStrings under the stage's prefix (`ssmPrefix` in src/alarms/naming.ts). They are read at run
 * time, cached, and never logged.
 */
export interface SecretSource {
  /** `undefined` when the source holds no such secret. */
  get(name: string): Promise<string | undefined>;
}

export const ssmParameterName = (prefix: string, name: string) => `${prefix.replace(/\/$/, '')}/${name}`;

/** How long a secret read from SSM is reused: rotation takes effect within this time. */
export const SECRET_MAX_AGE_SECONDS = 300;

/** SSM through the shared Powertools Parameters provider (decrypts, caches). Loaded lazily: only functions that send need it. */
export function ssmSecrets(prefix: string): SecretSource {
  return {
    async get(name) {
      const value = await (await ssmProvider()).get(ssmParameterName(prefix, name), { decrypt: true, maxAge: SECRET_MAX_AGE_SECONDS });
      return typeof value === 'string' && value !== '' ? value : undefined;
    },
  };
}

/** The environment variable that holds a secret locally: `slack/alerts-critical` → `SLACK_WEBHOOK_ALERTS_CRITICAL`. */
export const envSecretKey = (name: string): string =>
  name.replace(/^slack\//, 'slack-webhook/').replace(/[^a-zA-Z0-9]+/g, '_').toUpperCase();

/** Secrets from the environment (local runs, tests): `SLACK_WEBHOOK_ALERTS_CRITICAL`, `PAGERDUTY_ROUTING_KEY`. */
export function envSecrets(env: NodeJS.ProcessEnv): SecretSource {
  return { get: async (name) => env[envSecretKey(name)] || undefined };
}

/** First source that knows the secret wins. */
export function firstOf(...sources: SecretSource[]): SecretSource {
  return {
    async get(name) {
      for (const source of sources) {
        const value = await source.get(name);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  };
}
