/**
 * AWS on 127.0.0.1 for the bench's function processes, so the real SDK clients are loaded and used (memory is
 * what the bench is after): SNS Publish (AWS Query protocol, XML) for the email function, and the JSON-protocol
 * services of the deployed path, DynamoDB (the delivery ledger) and CloudWatch (enrichment).
 * `AWS_ENDPOINT_URL_<SERVICE>` points each client here.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SnsStandIn {
  origin: string;
  publishes: () => number;
  close(): Promise<void>;
}

export async function startSnsStandIn(): Promise<SnsStandIn> {
  let publishes = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('Action') !== 'Publish') {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>only Publish</Message></Error></ErrorResponse>');
        return;
      }
      publishes++;
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    publishes: () => publishes,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface JsonStandIn {
  origin: string;
  /** Requests per operation (`DynamoDB_20120810.PutItem`, `GraniteServiceVersion20100801.GetMetricData`, ...). */
  calls: Map<string, number>;
  /** Metrics requested over all GetMetricData calls (the unit CloudWatch bills): queries that read a metric. */
  metricsRequested(): number;
  close(): Promise<void>;
}

function metricsRequested(body: string): number {
  try {
    const queries = (JSON.parse(body) as { MetricDataQueries?: Array<{ MetricStat?: unknown }> }).MetricDataQueries ?? [];
    return queries.filter((q) => q.MetricStat).length;
  } catch {
    return 0;
  }
}

/**
 * DynamoDB and CloudWatch for the ledger and enrichment: every item write succeeds (no conditional failures:
 * the bench measures memory, not deduplication), every read finds nothing.
 */
const JSON_ANSWERS: Record<string, unknown> = {
  'GraniteServiceVersion20100801.GetMetricData': { MetricDataResults: [] },
  'GraniteServiceVersion20100801.DescribeAlarmHistory': { AlarmHistoryItems: [] },
};

export async function startJsonStandIn(): Promise<JsonStandIn> {
  const calls = new Map<string, number>();
  const metrics = { count: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? 'unknown');
      calls.set(target, (calls.get(target) ?? 0) + 1);
      // CloudWatch bills GetMetricData per metric requested, not per call.
      if (target.endsWith('.GetMetricData')) metrics.count += metricsRequested(body);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(JSON_ANSWERS[target] ?? {}));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    metricsRequested: () => metrics.count,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
