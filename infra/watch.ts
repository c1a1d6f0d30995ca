import { alarmName } from '../src/alarms/naming.js';
import type { AlarmDefinition } from '../src/alarms/types.js';
import type { StageConfig } from '../src/config/stage.js';
import { livenessMetric, silentWhenMissing } from '../src/identifiers/liveness.js';
import { ref, type CfnResource, type Fragment } from './cfn.js';
import { alarmLogicalId, severityTopicLogicalId } from './names.js';

/** Hourly samples; 23 empty hours in a row fire it, so it speaks within a day of the metric going silent. */
export const WATCH_PERIOD_SECONDS = 3600;
export const WATCH_EMPTY_PERIODS = 23;

export const watchAlarmName = (config: StageConfig, def: AlarmDefinition): string => `${alarmName(config.stage, def.id)}-watching-nothing`;
export const watchLogicalId = (def: AlarmDefinition): string => `${alarmLogicalId(def.id)}WatchingNothing`;

/**
 * The companion of an alarm whose missing data is not breaching: that alarm stays OK forever on a metric
 * that does not exist. This one counts the samples of the alarm's liveness metric with missing data
 * breaching, and warns (never pages) when a whole day brought none. Its description carries no catalog tag:
 * it is not the watched alarm, and must not be formatted as that alarm firing.
 */
export function watchResource(config: StageConfig, def: AlarmDefinition): CfnResource {
  const m = livenessMetric(config.resources, def);
  const topic = ref(severityTopicLogicalId('warning'));
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: watchAlarmName(config, def),
      AlarmDescription:
        `${alarmName(config.stage, def.id)} may be watching nothing: no ${m.namespace} ${m.name} sample for its resources ` +
        `in ${WATCH_EMPTY_PERIODS} hours (a recreated resource or a wrong identifier). ` +
        `Run npm run verify -- --stage ${config.stage}; see docs/identifiers.md.`,
      ActionsEnabled: true,
      AlarmActions: [topic],
      OKActions: [topic],
      Namespace: m.namespace,
      MetricName: m.name,
      Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })),
      Statistic: 'SampleCount',
      Period: WATCH_PERIOD_SECONDS,
      EvaluationPeriods: WATCH_EMPTY_PERIODS,
      DatapointsToAlarm: WATCH_EMPTY_PERIODS,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    },
  };
}

/** One companion per enabled alarm that is silent when its metric is missing. */
export function watchResources(config: StageConfig, catalog: readonly AlarmDefinition[]): Fragment {
  const watched = catalog.filter((d) => d.enabled && silentWhenMissing(d));
  return { Resources: Object.fromEntries(watched.map((d) => [watchLogicalId(d), watchResource(config, d)])), Outputs: {} };
}
