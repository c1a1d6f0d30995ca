import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../src/model/aws.js';
import { alarmNameFromArn, locate, parseArn } from '../../src/parse/arn.js';
import { regionCodeFromName } from '../../src/parse/regions.js';

describe('parseArn', () => {
  it('reads a commercial CloudWatch alarm ARN', () => {
    expect(parseArn('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ohmycoins-production-ecs-cpu-high')).toEqual({
      partition: 'aws',
      service: 'cloudwatch',
      region: 'eu-west-1',
      account: '123456789012',
      resource: 'alarm:ohmycoins-production-ecs-cpu-high',
    });
  });

  it('reads a GovCloud ARN', () => {
    expect(parseArn('arn:aws-us-gov:cloudwatch:us-gov-west-1:210987654321:alarm:gov-alarm')).toMatchObject({
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      account: '210987654321',
    });
  });

  it('reads a China ARN', () => {
    expect(parseArn('arn:aws-cn:cloudwatch:cn-northwest-1:111122223333:alarm:cn-alarm')).toMatchObject({
      partition: 'aws-cn',
      region: 'cn-northwest-1',
      account: '111122223333',
    });
  });

  it('keeps colons inside the resource', () => {
    expect(parseArn('arn:aws:cloudwatch:us-east-1:123456789012:alarm:a:b:c')?.resource).toBe('alarm:a:b:c');
  });

  it('accepts global resources without region or account', () => {
    expect(parseArn('arn:aws:s3:::my-bucket')).toMatchObject({ region: '', account: '', resource: 'my-bucket' });
  });

  it.each([
    ['placeholders', 'arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE'],
    ['template partition', 'arn:<partition>:cloudwatch:<region>:111111111111:alarm:x'],
    ['unknown partition', 'arn:aws-iso:cloudwatch:us-iso-east-1:123456789012:alarm:x'],
    ['too few parts', 'arn:aws:sns:EXAMPLE'],
    ['15-digit account', 'arn:aws:sns:eu-west-1:111111111111111:Sample-alert'],
    ['no resource', 'arn:aws:cloudwatch:eu-west-1:123456789012:'],
    ['not an ARN', 'eu-west-1'],
    ['not a string', 42],
  ])('rejects %s', (_label, value) => {
    expect(parseArn(value)).toBeUndefined();
  });
});

describe('alarmNameFromArn', () => {
  it('takes the name after alarm:, colons and spaces included', () => {
    expect(alarmNameFromArn('arn:aws:cloudwatch:us-east-1:123456789012:alarm:EC2 CPU Utilization Anomaly')).toBe(
      'EC2 CPU Utilization Anomaly',
    );
    expect(alarmNameFromArn('arn:aws:cloudwatch:us-east-1:123456789012:alarm:a:b')).toBe('a:b');
  });

  it('gives nothing for an ARN that is not an alarm', () => {
    expect(alarmNameFromArn('arn:aws:sns:us-east-1:123456789012:topic')).toBeUndefined();
  });
});

describe('region display names', () => {
  it.each([
    ['EU (Ireland)', 'eu-west-1'],
    ['EU - Ireland', 'eu-west-1'],
    ['Europe (Ireland)', 'eu-west-1'],
    ['EU (London)', 'eu-west-2'],
    ['EU (Milan)', 'eu-south-1'],
    ['US West - Oregon', 'us-west-2'],
    ['US West (Oregon)', 'us-west-2'],
    ['US East (N. Virginia)', 'us-east-1'],
    ['US East - N. Virginia', 'us-east-1'],
    ['US East (Ohio)', 'us-east-2'],
    ['US West (N. California)', 'us-west-1'],
    ['Asia Pacific (Tokyo)', 'ap-northeast-1'],
    ['Asia Pacific (Seoul)', 'ap-northeast-2'],
    ['Asia Pacific (Sydney)', 'ap-southeast-2'],
    ['South America (Sao Paulo)', 'sa-east-1'],
    ['South America (São Paulo)', 'sa-east-1'],
    ['Canada West (Calgary)', 'ca-west-1'],
    ['Middle East (UAE)', 'me-central-1'],
    ['AWS GovCloud (US-West)', 'us-gov-west-1'],
    ['AWS GovCloud (US-East)', 'us-gov-east-1'],
    ['AWS GovCloud (US)', 'us-gov-west-1'],
    ['China (Beijing)', 'cn-north-1'],
    ['China (Ningxia)', 'cn-northwest-1'],
  ])('%s is %s', (name, code) => {
    expect(regionCodeFromName(name)).toBe(code);
  });

  it('maps every canonical name back to its own code', () => {
    for (const [code, name] of REGIONS) expect(regionCodeFromName(name)).toBe(code);
  });

  it('does not guess for unknown names', () => {
    expect(regionCodeFromName('EXAMPLE')).toBeUndefined();
    expect(regionCodeFromName('<region-name-full:1>')).toBeUndefined();
  });

  it('takes region codes as they are', () => {
    const regionOf = (region: unknown) => locate({ region, account: '123456789012' }, []).region;
    expect(regionOf('ap-southeast-5')).toBe('ap-southeast-5');
    expect(regionOf('EU (Ireland)')).toBe('eu-west-1');
    expect(regionOf(null)).toBe('');
  });
});

describe('locate', () => {
  const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-critical';

  it('prefers the alarm ARN over the region name and account field', () => {
    const notes: string[] = [];
    const where = locate(
      { alarmArn: 'arn:aws:cloudwatch:us-west-2:111122223333:alarm:x', region: 'EU (Ireland)', account: '999999999999', topicArn },
      notes,
    );
    expect(where).toEqual({
      alarmArn: 'arn:aws:cloudwatch:us-west-2:111122223333:alarm:x',
      region: 'us-west-2',
      partition: 'aws',
      account: '111122223333',
    });
    expect(notes).toEqual([]);
  });

  it('falls back to the display name and AWSAccountId without an ARN', () => {
    const notes: string[] = [];
    expect(locate({ region: 'AWS GovCloud (US-East)', account: '123456789012' }, notes)).toEqual({
      alarmArn: undefined,
      region: 'us-gov-east-1',
      partition: 'aws-us-gov',
      account: '123456789012',
    });
    expect(notes).toEqual([]);
  });

  it('takes region and account from the topic as a last resort, and says so', () => {
    const notes: string[] = [];
    expect(locate({ region: 'EXAMPLE', account: 'EXAMPLE', topicArn }, notes)).toMatchObject({
      region: 'eu-west-1',
      account: '123456789012',
    });
    expect(notes).toEqual([
      'region eu-west-1 assumed from the SNS topic: no readable AlarmArn and region "EXAMPLE" is not one we know',
      'account 123456789012 assumed from the SNS topic: no readable AlarmArn and account "EXAMPLE" is not a 12-digit id',
    ]);
  });

  it('leaves region and account empty when nothing names them', () => {
    const notes: string[] = [];
    expect(locate({ region: 'EXAMPLE' }, notes)).toEqual({ alarmArn: undefined, region: '', partition: 'aws', account: '' });
    expect(notes).toHaveLength(2);
  });
});
