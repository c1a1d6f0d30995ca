import { describe, expect, it } from 'vitest';
import { cloudWatchHome, consoleBase, isPartition, isRegionCode, partitionOfRegion, REGIONS } from '../../src/model/aws.js';

describe('partitions', () => {
  it('are aws, aws-us-gov and aws-cn, and nothing else', () => {
    expect(['aws', 'aws-us-gov', 'aws-cn'].map(isPartition)).toEqual([true, true, true]);
    expect(['aws-iso', 'AWS', '', 'constructor', undefined].map(isPartition)).toEqual([false, false, false, false, false]);
  });
});

describe('partitionOfRegion', () => {
  it('knows GovCloud and China by their prefixes', () => {
    expect(partitionOfRegion('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOfRegion('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOfRegion('cn-north-1')).toBe('aws-cn');
    expect(partitionOfRegion('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOfRegion('eu-west-1')).toBe('aws');
    expect(partitionOfRegion('us-east-1')).toBe('aws');
  });
});

describe('isRegionCode', () => {
  it('takes codes of every shape AWS uses', () => {
    expect(['eu-west-1', 'us-gov-east-1', 'ap-southeast-5', 'cn-northwest-1', 'il-central-1'].every(isRegionCode)).toBe(true);
  });

  it('refuses display names, placeholders and empty text', () => {
    expect(['EU (Ireland)', 'REGION', 'eu-west', 'eu-west-123', '', 42].some(isRegionCode)).toBe(false);
  });
});

describe('console hosts', () => {
  it('prefixes the region in the commercial partition', () => {
    expect(consoleBase('aws', 'eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com');
  });

  it('uses the bare GovCloud host, as AWS documents it', () => {
    expect(consoleBase('aws-us-gov', 'us-gov-west-1')).toBe('https://console.amazonaws-us-gov.com');
  });

  it('uses the bare China host', () => {
    expect(consoleBase('aws-cn', 'cn-north-1')).toBe('https://console.amazonaws.cn');
  });

  it('gives no host for a region that is not a code', () => {
    expect(consoleBase('aws', 'EU (Ireland)')).toBeUndefined();
    expect(consoleBase('aws', '')).toBeUndefined();
  });

  it("opens the CloudWatch console in the region's partition", () => {
    expect(cloudWatchHome('aws', 'us-east-2')).toBe('https://us-east-2.console.aws.amazon.com/cloudwatch/home?region=us-east-2');
    expect(cloudWatchHome('aws-us-gov', 'us-gov-east-1')).toBe('https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-east-1');
    expect(cloudWatchHome('aws-cn', 'cn-northwest-1')).toBe('https://console.amazonaws.cn/cloudwatch/home?region=cn-northwest-1');
  });
});

describe('REGIONS', () => {
  it('covers every commercial, GovCloud and China region', () => {
    expect(REGIONS).toHaveLength(40);
  });

  it('lists each code once, each a region code', () => {
    const codes = REGIONS.map(([code]) => code);
    expect(new Set(codes).size).toBe(40);
    expect(codes.every(isRegionCode)).toBe(true);
  });

  it('has two GovCloud and two China regions', () => {
    const of = (p: string) => REGIONS.filter(([code]) => partitionOfRegion(code) === p).map(([code]) => code);
    expect(of('aws-us-gov')).toEqual(['us-gov-east-1', 'us-gov-west-1']);
    expect(of('aws-cn')).toEqual(['cn-north-1', 'cn-northwest-1']);
  });
});
