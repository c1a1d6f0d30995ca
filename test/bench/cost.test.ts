import { describe, expect, it } from 'vitest';
import { priceOf, stageCost, usagePer1000, type FunctionUsage } from '../../bench/cost.js';

// 500 records in 10 queued invocations: every count doubles to reach 1,000 records.
const measured: FunctionUsage = {
  records: 500,
  invocations: 10,
  billedMs: 2_000,
  coldStarts: 1,
  initMs: 100,
  queued: true,
  calls: {
    'DynamoDB_20120810.PutItem': 500,
    'DynamoDB_20120810.UpdateItem': 1_000,
    'DynamoDB_20120810.GetItem': 5,
    'AmazonSQS.SendMessage': 3,
    'AmazonSSM.GetParameter': 1,
    'GraniteServiceVersion20100801.GetMetricData': 10,
    'GraniteServiceVersion20100801.DescribeAlarmHistory': 10,
  },
  cloudwatchMetrics: 20,
  snsPublishes: 0,
  emailRecipients: 0,
};

describe('the cost model', () => {
  it('scales what one function did to 1,000 records', () => {
    expect(usagePer1000(measured)).toEqual({
      lambdaRequests: 20,
      // (2,000 ms handler + 100 ms init) at 128 MB = 2.1 s × 0.125 GB, twice.
      lambdaGbSeconds: 0.525,
      // SNS sends each record (500), Lambda receives and deletes each batch (2 × 10), the function sent 3.
      sqsRequests: 1_046,
      dynamoWrites: 3_000,
      dynamoReads: 10,
      cloudwatchMetrics: 40,
      // GetMetricData is billed per metric; only DescribeAlarmHistory counts as a request. SSM is not billed.
      cloudwatchRequests: 20,
      snsPublishes: 0,
      snsEmails: 0,
    });
  });

  it('prices it at eu-west-1 list prices', () => {
    // 20 × $0.20/M + 0.525 × $0.0000166667 + 1,046 × $0.40/M + 3,000 × $0.7068/M + 10 × $0.1415/M
    // + 40 × $0.01/1,000 + 20 × $0.01/1,000
    const expected = 0.000004 + 0.00000875 + 0.0004184 + 0.0021204 + 0.000001415 + 0.0004 + 0.0002;
    expect(priceOf(usagePer1000(measured))).toBeCloseTo(expected, 9);
  });

  it('counts the idle polling of the queues each stage deploys: five 20-second long polls at a time, $0.40 a million', () => {
    // 15 receives a minute × 60 × 24 × 30 = 648,000 a queue a month, × $0.40/M = $0.2592.
    // Staging: the Slack queue only. Production: the Slack and email queues and PagerDuty's retry queue.
    expect(stageCost('staging', {}).idleUsdPerMonth).toBe(0.26);
    expect(stageCost('production', {}).idleUsdPerMonth).toBe(0.78);
  });
});
