/**
 * The two CloudWatch reads enrichment makes, behind an interface tests and the offline `render` replace.
 * Only types are imported from the SDK here: the handler loads `@aws-sdk/client-cloudwatch` lazily, when
 * an alert is enriched, so cold starts of functions that never enrich do not pay for it.
 */
import type {
  CloudWatchClient,
  DescribeAlarmHistoryCommandInput,
  DescribeAlarmHistoryCommandOutput,
  GetMetricDataCommandInput,
  GetMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';

export interface CloudWatchReader {
  /** `signal` aborts the HTTP call when the enrichment budget runs out. */
  getMetricData(input: GetMetricDataCommandInput, signal?: AbortSignal): Promise<GetMetricDataCommandOutput>;
  describeAlarmHistory(input: DescribeAlarmHistoryCommandInput, signal?: AbortSignal): Promise<DescribeAlarmHistoryCommandOutput>;
}

/**
 * Thrown by a reader that has no data for a call by design (offline `render` without `--metrics`):
 * enrichment leaves that part out without a note or a warning.
 */
export class NotProvidedError extends Error {
  override readonly name = 'NotProvidedError';
}

/** A reader over a real client; the client's module is already loaded by whoever built the client. */
export function sdkCloudWatchReader(client: CloudWatchClient): CloudWatchReader {
  return {
    async getMetricData(input, signal) {
      const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
      return client.send(new GetMetricDataCommand(input), { abortSignal: signal });
    },
    async describeAlarmHistory(input, signal) {
      const { DescribeAlarmHistoryCommand } = await import('@aws-sdk/client-cloudwatch');
      return client.send(new DescribeAlarmHistoryCommand(input), { abortSignal: signal });
    },
  };
}

export interface CloudWatchClientOptions {
  region?: string;
  maxAttempts?: number;
  endpoint?: string;
}

/**
 * One CloudWatch client per container and settings, created on first use: the trend and history reads and the
 * graphs (graph.ts) share its module, middleware and sockets.
 */
const clients = new Map<string, Promise<CloudWatchClient>>();

export function lazyCloudWatchClient(config: CloudWatchClientOptions = {}): Promise<CloudWatchClient> {
  const key = `${config.region ?? ''}|${config.maxAttempts ?? ''}|${config.endpoint ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = import('@aws-sdk/client-cloudwatch').then(({ CloudWatchClient }) => new CloudWatchClient(config));
    clients.set(key, client);
  }
  return client;
}

/**
 * A reader that creates its client on first use, for handlers: `lazyCloudWatchReader({ maxAttempts: 1 })`.
 * Nothing is imported until an alert actually needs CloudWatch.
 */
export function lazyCloudWatchReader(config: CloudWatchClientOptions = {}): CloudWatchReader {
  let reader: Promise<CloudWatchReader> | undefined;
  const get = () => (reader ??= lazyCloudWatchClient(config).then(sdkCloudWatchReader));
  return {
    getMetricData: async (input, signal) => (await get()).getMetricData(input, signal),
    describeAlarmHistory: async (input, signal) => (await get()).describeAlarmHistory(input, signal),
  };
}
