import { alarmDescription } from '../src/alarms/description.js';
import { isPercentile } from '../src/alarms/metric.js';
import { alarmName } from '../src/alarms/naming.js';
import type { AlarmDefinition, AlarmMetric } from '../src/alarms/types.js';
import type { StageConfig } from '../src/config/stage.js';
import { ref, type CfnResource, type Fragment } from './cfn.js';
import { alarmLogicalId, severityTopicLogicalId } from './names.js';

const dimensions = (d: Record<string, string>) => Object.entries(d).map(([Name, Value]) => ({ Name, Value }));

/** The metric half of an alarm: a single metric with Statistic or ExtendedStatistic, or a metric-math `Metrics` array. */
function metricProperties(m: AlarmMetric, period: number): Record<string, unknown> {
  if (m.type === 'metric') {
    return {
      Namespace: m.namespace,
      MetricName: m.name,
      Dimensions: dimensions(m.dimensions),
      [isPercentile(m.statistic) ? 'ExtendedStatistic' : 'Statistic']: m.statistic,
      Period: period,
      ...(m.unit ? { Unit: m.unit } : {}),
    };
  }
  return {
    Metrics: [
      ...m.metrics.map((input) => ({
        Id: input.id,
        MetricStat: {
          Metric: { Namespace: input.namespace, MetricName: input.name, Dimensions: dimensions(input.dimensions) },
          Period: period,
          Stat: input.statistic,
        },
        ReturnData: false,
      })),
      // The alarm watches exactly one series: the expression.
      { Id: expressionId(m), Expression: m.expression, Label: m.label, ReturnData: true },
    ],
  };
}

/** An id for the alarmed expression that cannot collide with its inputs' ids. */
export const expressionId = (m: Extract<AlarmMetric, { type: 'math' }>): string => {
  let id = 'alarmed';
  while (m.metrics.some((input) => input.id === id)) id = `${id}_`;
  return id;
};

export function alarmResource(config: StageConfig, def: AlarmDefinition): CfnResource {
  const topic = ref(severityTopicLogicalId(def.severity));
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: alarmName(config.stage, def.id),
      AlarmDescription: alarmDescription(config, def),
      ActionsEnabled: true,
      // OK as well as ALARM: PagerDuty resolves and Slack says "recovered" only when told.
      AlarmActions: [topic],
      OKActions: [topic],
      // Only where the gap means something (the metric is always published): "we cannot see" is then news.
      ...(def.treatMissingData === 'missing' ? { InsufficientDataActions: [topic] } : {}),
      ...metricProperties(def.metric, def.periodSeconds),
      ComparisonOperator: def.comparison,
      Threshold: def.threshold,
      EvaluationPeriods: def.evaluationPeriods,
      DatapointsToAlarm: def.datapointsToAlarm,
      TreatMissingData: def.treatMissingData,
    },
  };
}

/** Every enabled definition as an AWS::CloudWatch::Alarm; a disabled one is simply not deployed. */
export function alarmResources(config: StageConfig, catalog: readonly AlarmDefinition[]): Fragment {
  return {
    Resources: Object.fromEntries(catalog.filter((d) => d.enabled).map((d) => [alarmLogicalId(d.id), alarmResource(config, d)])),
    Outputs: {},
  };
}
