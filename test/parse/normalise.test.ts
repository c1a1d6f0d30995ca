import { describe, expect, it } from 'vitest';
import { compositeChildren, dimensions, reasonData, statistic, timestamp, treatMissingData } from '../../src/parse/normalise.js';

describe('statistic', () => {
  it.each([
    ['AVERAGE', 'Average'],
    ['SUM', 'Sum'],
    ['SAMPLE_COUNT', 'SampleCount'],
    ['MINIMUM', 'Minimum'],
    ['MAXIMUM', 'Maximum'],
    ['Average', 'Average'],
    ['SampleCount', 'SampleCount'],
    ['p90', 'p90'],
    ['p99.9', 'p99.9'],
    ['TM(10%:90%)', 'TM(10%:90%)'],
  ])('%s → %s', (sent, expected) => {
    expect(statistic(sent)).toBe(expected);
  });

  it('is absent when not sent', () => {
    expect(statistic('')).toBeUndefined();
    expect(statistic(null)).toBeUndefined();
  });
});

describe('treatMissingData', () => {
  it.each([
    ['missing', 'missing'],
    ['- TreatMissingData:                    missing', 'missing'],
    ['- TreatMissingData:                    ignore', 'ignore'],
    ['- TreatMissingData:NonBreaching', 'notBreaching'],
    ['notBreaching', 'notBreaching'],
    ['breaching', 'breaching'],
  ])('%j → %s', (sent, expected) => {
    expect(treatMissingData(sent)).toBe(expected);
  });

  it('is absent for the empty string CloudWatch sends when it was never set', () => {
    expect(treatMissingData('')).toBeUndefined();
    expect(treatMissingData('- TreatMissingData:   ')).toBeUndefined();
  });
});

describe('timestamp', () => {
  it.each([
    ['2019-10-02T17:20:48.551+0000', '2019-10-02T17:20:48.551Z'],
    ['2019-10-02T19:20:48.551+0200', '2019-10-02T17:20:48.551Z'],
    ['2019-10-02T17:20:48.551-05:30', '2019-10-02T22:50:48.551Z'],
    ['2019-10-02T17:20:48Z', '2019-10-02T17:20:48.000Z'],
    ['2019-10-02T17:20:48', '2019-10-02T17:20:48.000Z'],
  ])('%s → %s', (sent, expected) => {
    expect(timestamp(sent)).toBe(expected);
  });

  it('reads epoch milliseconds', () => {
    expect(timestamp(1733433742189)).toBe('2024-12-05T21:22:22.189Z');
  });

  it.each(['date', '', 'Wed Aug 10 18:39:05 UTC 2016', '2019-13-45T25:61:00Z', 42])('rejects %j', (sent) => {
    expect(timestamp(sent)).toBeUndefined();
  });
});

describe('reasonData', () => {
  it('parses the JSON string CloudWatch sends', () => {
    expect(reasonData('{"version":"1.0","recentDatapoints":[45628.0],"threshold":10000.0}')).toEqual({
      version: '1.0',
      recentDatapoints: [45628],
      threshold: 10000,
    });
  });

  it('takes an object as it is', () => {
    expect(reasonData({ threshold: 1 })).toEqual({ threshold: 1 });
  });

  it.each(['', 'not json', '{"broken":', '[1,2]', `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`, 7])('ignores %j', (sent) => {
    expect(reasonData(sent)).toBeUndefined();
  });
});

describe('dimensions', () => {
  it('reads SNS {name,value} pairs', () => {
    expect(dimensions([{ value: 'Movies', name: 'TableName' }])).toEqual({ TableName: 'Movies' });
  });

  it('reads API {Name,Value} pairs', () => {
    expect(dimensions([{ Name: 'DBInstanceIdentifier', Value: 'ohmycoins-production-db' }])).toEqual({
      DBInstanceIdentifier: 'ohmycoins-production-db',
    });
  });

  it('reads EventBridge maps', () => {
    expect(dimensions({ InstanceId: 'i-12345678901234567' })).toEqual({ InstanceId: 'i-12345678901234567' });
  });

  it('skips entries it cannot read', () => {
    expect(dimensions([{ name: 'A' }, null, { name: '', value: 'x' }, { name: 'B', value: 2 }])).toEqual({ B: '2' });
    expect(dimensions('ClusterName=prod')).toEqual({});
  });
});

describe('compositeChildren', () => {
  it('names each child from its ARN', () => {
    expect(
      compositeChildren([
        { Arn: 'arn:aws:cloudwatch:us-west-2:123456789123:alarm:Alarm1', State: { Value: 'ALARM', Timestamp: '2022-03-17T09:21:51.792+0000' } },
      ]),
    ).toEqual([
      { arn: 'arn:aws:cloudwatch:us-west-2:123456789123:alarm:Alarm1', name: 'Alarm1', state: 'ALARM', timestamp: '2022-03-17T09:21:51.792Z' },
    ]);
  });

  it('keeps a child whose state is unreadable, marked UNKNOWN', () => {
    expect(compositeChildren([{ arn: 'not-an-arn' }])).toEqual([
      { arn: 'not-an-arn', name: 'not-an-arn', state: 'UNKNOWN', timestamp: undefined },
    ]);
  });
});
