/**
 * Region codes by display name, for CloudWatch SNS payloads that carry no `AlarmArn` (before about 2019) and so
 * name their region only as `Region: "EU (Ireland)"`. Names as the AWS SDK's partition metadata spells them
 * (aws, aws-cn, aws-us-gov); CloudWatch's own spellings differ in punctuation ("US West - Oregon"),
 * in "EU" for "Europe" and, for GovCloud, in the pre-2018 "AWS GovCloud (US)": `nameKey` and the aliases absorb that.
 */
const REGIONS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-east-2', 'US East (Ohio)'],
  ['us-west-1', 'US West (N. California)'],
  ['us-west-2', 'US West (Oregon)'],
  ['af-south-1', 'Africa (Cape Town)'],
  ['ap-east-1', 'Asia Pacific (Hong Kong)'],
  ['ap-east-2', 'Asia Pacific (Taipei)'],
  ['ap-northeast-1', 'Asia Pacific (Tokyo)'],
  ['ap-northeast-2', 'Asia Pacific (Seoul)'],
  ['ap-northeast-3', 'Asia Pacific (Osaka)'],
  ['ap-south-1', 'Asia Pacific (Mumbai)'],
  ['ap-south-2', 'Asia Pacific (Hyderabad)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'],
  ['ap-southeast-2', 'Asia Pacific (Sydney)'],
  ['ap-southeast-3', 'Asia Pacific (Jakarta)'],
  ['ap-southeast-4', 'Asia Pacific (Melbourne)'],
  ['ap-southeast-5', 'Asia Pacific (Malaysia)'],
  ['ap-southeast-6', 'Asia Pacific (New Zealand)'],
  ['ap-southeast-7', 'Asia Pacific (Thailand)'],
  ['ca-central-1', 'Canada (Central)'],
  ['ca-west-1', 'Canada West (Calgary)'],
  ['eu-central-1', 'Europe (Frankfurt)'],
  ['eu-central-2', 'Europe (Zurich)'],
  ['eu-north-1', 'Europe (Stockholm)'],
  ['eu-south-1', 'Europe (Milan)'],
  ['eu-south-2', 'Europe (Spain)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['eu-west-2', 'Europe (London)'],
  ['eu-west-3', 'Europe (Paris)'],
  ['il-central-1', 'Israel (Tel Aviv)'],
  ['me-central-1', 'Middle East (UAE)'],
  ['me-south-1', 'Middle East (Bahrain)'],
  ['me-west-1', 'Middle East (Saudi Arabia)'],
  ['mx-central-1', 'Mexico (Central)'],
  ['sa-east-1', 'South America (São Paulo)'],
  ['sa-west-1', 'South America (Chile)'],
  ['cn-north-1', 'China (Beijing)'],
  ['cn-northwest-1', 'China (Ningxia)'],
  ['us-gov-east-1', 'AWS GovCloud (US-East)'],
  ['us-gov-west-1', 'AWS GovCloud (US-West)'],
];

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

/** Every region code the table knows, with its canonical display name. */
export const REGION_NAMES: ReadonlyMap<string, string> = new Map(REGIONS);

/** The region code for a display name CloudWatch used, or `undefined` for a name the table does not know. */
export function regionCodeFromName(name: string): string | undefined {
  return BY_NAME.get(nameKey(name));
}
