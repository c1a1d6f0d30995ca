import { REGIONS } from '../model/aws.js';

/**
 * Region codes by display name, for CloudWatch SNS payloads that carry no `AlarmArn` (before about 2019) and so
 * name their region only as `Region: "EU (Ireland)"`. `REGIONS` spells the names as the AWS SDK does; CloudWatch's
 * own spellings differ in punctuation ("US West - Oregon"), in "EU" for "Europe" and, for GovCloud, in the
 * pre-2018 "AWS GovCloud (US)": `nameKey` and the aliases absorb that.
 */
const ALIASES: ReadonlyArray<readonly [code: string, name: string]> = [
  // The only GovCloud region until 2018 was called this.
  ['us-gov-west-1', 'AWS GovCloud (US)'],
];

const DIACRITICS = /[\u0300-\u036f]/g;
const NOT_ALPHANUMERIC = /[^a-z0-9]+/g;

/** "US West - Oregon", "US West (Oregon)" and "us west oregon" all become `us west oregon`; "São" becomes `sao`. */
function nameKey(name: string): string {
  return name.normalize('NFD').replace(DIACRITICS, '').toLowerCase().replace(NOT_ALPHANUMERIC, ' ').trim();
}

const BY_NAME: ReadonlyMap<string, string> = (() => {
  const byName = new Map<string, string>();
  for (const [code, name] of [...REGIONS, ...ALIASES]) {
    byName.set(nameKey(name), code);
    // CloudWatch still says "EU (Milan)" where the SDK says "Europe (Milan)".
    if (name.startsWith('Europe ')) byName.set(nameKey(`EU ${name.slice('Europe '.length)}`), code);
  }
  return byName;
})();

/** The region code for a display name CloudWatch used, or `undefined` for a name the table does not know. */
export function regionCodeFromName(name: string): string | undefined {
  return BY_NAME.get(nameKey(name));
}
