import { isPartition, isRegionCode, partitionOfRegion, type Partition } from '../model/aws.js';
import { quote, text } from './read.js';
import { regionCodeFromName } from './regions.js';

export interface Arn {
  partition: Partition;
  service: string;
  /** `''` for global resources. */
  region: string;
  /** `''` for resources without an account. */
  account: string;
  /** Everything after the account, colons included (`alarm:my:alarm`). */
  resource: string;
}

const SERVICE = /^[a-z0-9-]+$/;
const ACCOUNT_ID = /^\d{12}$/;

const isAccountId = (value: unknown): value is string => typeof value === 'string' && ACCOUNT_ID.test(value);

/**
 * `arn:partition:service:region:account:resource` in the partitions this pipeline can meet, else `undefined`
 * (so placeholders such as `arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:x` never pass for real locations).
 */
export function parseArn(value: unknown): Arn | undefined {
  if (typeof value !== 'string' || !value.startsWith('arn:')) return undefined;
  const p = value.indexOf(':', 4);
  const s = p < 0 ? -1 : value.indexOf(':', p + 1);
  const r = s < 0 ? -1 : value.indexOf(':', s + 1);
  const a = r < 0 ? -1 : value.indexOf(':', r + 1);
  if (a < 0) return undefined;
  const partition = value.slice(4, p);
  const service = value.slice(p + 1, s);
  const region = value.slice(s + 1, r);
  const account = value.slice(r + 1, a);
  const resource = value.slice(a + 1);
  if (!isPartition(partition) || !SERVICE.test(service) || resource === '') return undefined;
  if ((region !== '' && !isRegionCode(region)) || (account !== '' && !isAccountId(account))) return undefined;
  return { partition, service, region, account, resource };
}

/** The parts of a CloudWatch alarm ARN (`arn:aws:cloudwatch:eu-west-1:123456789012:alarm:my-alarm`), else `undefined`. */
function parseAlarmArn(value: unknown): Arn | undefined {
  const arn = parseArn(value);
  return arn?.service === 'cloudwatch' && arn.resource.length > 6 && arn.resource.startsWith('alarm:') && arn.region !== ''
    ? arn
    : undefined;
}

/** `my-alarm` from `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:my-alarm`. */
export function alarmNameFromArn(value: unknown): string | undefined {
  return parseAlarmArn(value)?.resource.slice(6);
}

/** The region code a payload's region field names: a code (EventBridge) or a display name (CloudWatch SNS). */
function regionCode(value: unknown): string | undefined {
  if (isRegionCode(value)) return value;
  return typeof value === 'string' ? regionCodeFromName(value) : undefined;
}

export interface LocationHints {
  alarmArn?: unknown;
  /** Code or display name. */
  region?: unknown;
  account?: unknown;
  /** The SNS topic that delivered the alarm: a last resort, as alarms normally notify topics in their own region. */
  topicArn?: string;
}

export interface Location {
  /** The alarm's ARN when it is a real one (placeholders such as `arn:<partition>:...` are left out). */
  alarmArn?: string;
  region: string;
  partition: Partition;
  account: string;
}

/**
 * Where the alarm lives: its ARN first (all partitions), then the payload's own region and account fields, then the
 * delivering topic. Anything taken from the topic or not found at all is said in `notes`.
 */
export function locate(hints: LocationHints, notes: string[]): Location {
  const arn = parseAlarmArn(hints.alarmArn);
  let region = text(arn?.region) ?? regionCode(hints.region);
  let account = text(arn?.account) ?? (isAccountId(hints.account) ? hints.account : undefined);
  const topic = region === undefined || account === undefined ? parseArn(hints.topicArn) : undefined;
  if (region === undefined) {
    region = text(topic?.region);
    notes.push(
      region === undefined
        ? `region unknown: no readable AlarmArn and region ${quote(hints.region)} is not one we know`
        : `region ${region} assumed from the SNS topic: no readable AlarmArn and region ${quote(hints.region)} is not one we know`,
    );
  }
  if (account === undefined) {
    account = text(topic?.account);
    notes.push(
      account === undefined
        ? `account unknown: no readable AlarmArn and account ${quote(hints.account)} is not a 12-digit id`
        : `account ${account} assumed from the SNS topic: no readable AlarmArn and account ${quote(hints.account)} is not a 12-digit id`,
    );
  }
  const partition = arn?.partition ?? (region ? partitionOfRegion(region) : (topic?.partition ?? 'aws'));
  return { alarmArn: arn === undefined ? undefined : (hints.alarmArn as string), region: region ?? '', partition, account: account ?? '' };
}
