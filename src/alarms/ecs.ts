import type { StageConfig, StageResources } from '../config/stage.js';
import { define } from './define.js';
import { metric } from './metric.js';
import type { AlarmDefinition } from './types.js';
import { alarmRows, alarmsWidget, percentAxis, row, thresholdLines, type Lookup, type WidgetContent, type WidgetPart } from './widgets.js';

/** Catalog defaults, named for what they mean. A stage overrides them by catalog id (src/config/stages/). */
const ECS_DEFAULTS = {
  maxCpuPercent: 80,
  maxMemoryPercent: 80,
  /** Alarm when the service runs this many tasks or fewer. */
  minRunningTasks: 0,
} as const;

/** The backend service's metrics, alarmed or drawn on the dashboard. */
export function ecsMetrics(r: StageResources) {
  const service = { ClusterName: r.ecsClusterName, ServiceName: r.ecsServiceName };
  return {
    cpu: metric('AWS/ECS', 'CPUUtilization', service, 'Average'),
    memory: metric('AWS/ECS', 'MemoryUtilization', service, 'Average'),
    // Container Insights task counts: Maximum over the minute, so one running task anywhere in it counts.
    runningTasks: metric('ECS/ContainerInsights', 'RunningTaskCount', service, 'Maximum'),
    desiredTasks: metric('ECS/ContainerInsights', 'DesiredTaskCount', service, 'Maximum'),
    pendingTasks: metric('ECS/ContainerInsights', 'PendingTaskCount', service, 'Maximum'),
  };
}

export function ecsAlarms(config: StageConfig): AlarmDefinition[] {
  const m = ecsMetrics(config.resources);
  return [
    // AWS's recommended alarm: Average, 1-minute periods, 5 of 5, so a GC pause or a burst at task start does not
    // fire it. Warning, not critical: busy tasks are slower, not failing; latency and 5xx alarms page when users
    // feel it. Missing data is notBreaching: ECS stops publishing when no task runs, and ecs-no-running-tasks
    // is the alarm that says so.
    define({
      id: 'ecs-cpu-high',
      title: 'Backend CPU high',
      severity: 'warning',
      service: 'ecs',
      owner: 'backend',
      metric: m.cpu,
      comparison: 'GreaterThanThreshold',
      threshold: ECS_DEFAULTS.maxCpuPercent,
      displayUnit: '%',
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'notBreaching',
      meaning: 'The backend tasks are using most of their CPU, so API responses slow down and autoscaling may not be keeping up.',
    }),
    // Same shape as CPU. On Fargate the memory limit is hard: a task at 100 % is OOM-killed and its in-flight
    // requests fail, so 80 % sustained for 5 minutes is the early warning of a leak or an undersized task.
    define({
      id: 'ecs-memory-high',
      title: 'Backend memory high',
      severity: 'warning',
      service: 'ecs',
      owner: 'backend',
      metric: m.memory,
      comparison: 'GreaterThanThreshold',
      threshold: ECS_DEFAULTS.maxMemoryPercent,
      displayUnit: '%',
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'notBreaching',
      meaning: 'The backend tasks are close to their memory limit and will be killed and restarted if it keeps growing.',
    }),
    // AWS's recommended Container Insights alarm (RunningTaskCount ≤ 0). Critical: no task means no API.
    // 3 of 3 minutes rather than AWS's 5 of 5 because this is a full outage; a rolling deploy keeps old tasks
    // until new ones are healthy, so it never reaches zero. Missing data is breaching: Container Insights may
    // publish nothing for a service with no tasks, which is exactly the case this alarm exists for.
    define({
      id: 'ecs-no-running-tasks',
      title: 'Backend has no running tasks',
      severity: 'critical',
      service: 'ecs',
      owner: 'platform',
      metric: m.runningTasks,
      comparison: 'LessThanOrEqualToThreshold',
      threshold: ECS_DEFAULTS.minRunningTasks,
      displayUnit: 'tasks',
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: 'breaching',
      meaning: 'No backend task is running, so the API is down for every user.',
    }),
  ];
}

/**
 * The service's dashboard widgets: CPU and memory against their alarms; the task counts, beside which other
 * services draw what counts the same tasks (the load balancer's healthy targets).
 */
export function ecsWidgets(def: Lookup, r: StageResources) {
  const m = ecsMetrics(r);
  return {
    usage: alarmsWidget('ECS CPU & memory', [def('ecs-cpu-high'), def('ecs-memory-high')], percentAxis),
    tasks: (...beside: WidgetPart[]): WidgetContent => {
      const noTasks = def('ecs-no-running-tasks');
      const own: WidgetPart = {
        metrics: [row(m.desiredTasks, { label: 'desired tasks' }), row(m.pendingTasks, { label: 'pending tasks' }), ...alarmRows(noTasks)],
        annotations: { horizontal: thresholdLines([noTasks]) },
      };
      const parts = [own, ...beside];
      return {
        title: 'ECS task counts',
        period: 60,
        metrics: parts.flatMap((p) => p.metrics),
        annotations: { horizontal: parts.flatMap((p) => p.annotations.horizontal) },
        yAxis: { left: { min: 0, label: 'tasks', showUnits: false } },
      };
    },
  };
}
