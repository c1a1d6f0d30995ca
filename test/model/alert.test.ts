import { describe, expect, it } from 'vitest';
import { queryMetrics, type MetricRef } from '../../src/model/alert.js';

describe('queryMetrics', () => {
  const hits: MetricRef = { namespace: 'AWS/ElastiCache', name: 'KeyspaceHits', dimensions: { CacheClusterId: 'redis-001' } };
  const misses: MetricRef = { namespace: 'AWS/ElastiCache', name: 'KeyspaceMisses', dimensions: { CacheClusterId: 'redis-001' } };

  it('lists the metrics of a math alarm in query order, leaving out the expression', () => {
    const queries = [{ id: 'hits', metric: hits }, { id: 'rate', expression: '100 * hits / (hits + misses)' }, { id: 'misses', metric: misses }];
    expect(queryMetrics(queries)).toEqual([hits, misses]);
  });

  it('reads nothing from expressions alone', () => {
    const search = [{ id: 'e1', expression: "SEARCH('{AWS/EC2,InstanceId} CPUUtilization', 'Average')" }];
    expect(queryMetrics(search)).toEqual([]);
    expect(queryMetrics([])).toEqual([]);
  });
});
