/**
 * AWS geography every layer reads: partitions, how a region code looks, the regions by display name, and the
 * console host of each partition. Console hosts as AWS documents them: `<region>.console.aws.amazon.com`,
 * `console.amazonaws-us-gov.com` and `console.amazonaws.cn` (the latter two are not region-prefixed in AWS's
 * own guides; the bare host always works there).
 */

interface PartitionFacts {
  /** Region codes of the partition start so; `undefined` for the commercial partition, which has the rest. */
  regionPrefix?: string;
  consoleHost: (region: string) => string;
}

const PARTITIONS = {
  aws: { consoleHost: (region) => `${region}.console.aws.amazon.com` },
  'aws-us-gov': { regionPrefix: 'us-gov-', consoleHost: () => 'console.amazonaws-us-gov.com' },
  'aws-cn': { regionPrefix: 'cn-', consoleHost: () => 'console.amazonaws.cn' },
} as const satisfies Record<string, PartitionFacts>;

export type Partition = keyof typeof PARTITIONS;

export const isPartition = (value: unknown): value is Partition => typeof value === 'string' && Object.hasOwn(PARTITIONS, value);

const REGION_CODE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** `eu-west-1`, `us-gov-east-1`, `ap-southeast-5`. */
export const isRegionCode = (value: unknown): value is string => typeof value === 'string' && REGION_CODE.test(value);

export function partitionOfRegion(region: string): Partition {
  if (region.startsWith(PARTITIONS['aws-us-gov'].regionPrefix)) return 'aws-us-gov';
  if (region.startsWith(PARTITIONS['aws-cn'].regionPrefix)) return 'aws-cn';
  return 'aws';
}

/** `https://eu-west-1.console.aws.amazon.com`; undefined when the region is not a region code. */
export function consoleBase(partition: Partition, region: string): string | undefined {
  return isRegionCode(region) ? `https://${PARTITIONS[partition].consoleHost(region)}` : undefined;
}

/** The CloudWatch console of a region: `https://<host>/cloudwatch/home?region=<region>`. */
export function cloudWatchHome(partition: Partition, region: string): string | undefined {
  const base = consoleBase(partition, region);
  return base && `${base}/cloudwatch/home?region=${region}`;
}

/**
 * Every region of the three partitions with its display name as the AWS SDK's partition metadata spells it
 * (CloudWatch SNS payloads without an `AlarmArn` name their region only so: `Region: "EU (Ireland)"`).
 */
export const REGIONS: ReadonlyArray<readonly [code: string, name: string]> = [
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
