import type { StageConfig, StageResources } from '../config/stage.js';
import { define } from './define.js';
import { input, math, metric, withStatistic } from './metric.js';
import type { AlarmDefinition } from './types.js';
import { alarmRows, row, singleMetric, thresholdLines, type Lookup, type WidgetContent, type WidgetPart } from './widgets.js';

const ALB_DEFAULTS = {
  max5xxPer5Minutes: 10,
  maxUnhealthyTargets: 0,
  maxP99ResponseSeconds: 2,
} as const;

const NS = 'AWS/ApplicationELB';

/** The load balancer's and the API target group's metrics, alarmed or drawn on the dashboard. */
export function albMetrics(r: StageResources) {
  const lb = { LoadBalancer: r.loadBalancerFullName };
  const api = { TargetGroup: r.targetGroupFullName, LoadBalancer: r.loadBalancerFullName };
  return {
    // 5xx the load balancer generated itself (no healthy target, target timeout, 502 on a reset): LB-wide only.
    elb5xx: metric(NS, 'HTTPCode_ELB_5XX_Count', lb, 'Sum'),
    target5xx: metric(NS, 'HTTPCode_Target_5XX_Count', api, 'Sum'),
    target2xx: metric(NS, 'HTTPCode_Target_2XX_Count', api, 'Sum'),
    target4xx: metric(NS, 'HTTPCode_Target_4XX_Count', api, 'Sum'),
    elb4xx: metric(NS, 'HTTPCode_ELB_4XX_Count', lb, 'Sum'),
    responseTime: metric(NS, 'TargetResponseTime', api, 'p99'),
    unhealthyTargets: metric(NS, 'UnHealthyHostCount', api, 'Maximum'),
    healthyTargets: metric(NS, 'HealthyHostCount', api, 'Minimum'),
  };
}

export function albAlarms(config: StageConfig): AlarmDefinition[] {
  const m = albMetrics(config.resources);
  return [
    // Errors users received, whoever produced them: ELB-generated plus target 5xx, summed over one 5-minute period
    // (1 of 1), which is "more than 10 in 5 minutes". ELB only publishes these counts when they are non-zero, so
    // FILL(…, 0) keeps one silent series from blanking the sum, and notBreaching covers minutes with no traffic.
    define({
      id: 'alb-5xx',
      title: 'API returning 5xx errors',
      severity: 'critical',
      service: 'alb',
      owner: 'backend',
      metric: math('FILL(elb5xx, 0) + FILL(target5xx, 0)', '5xx responses (ELB + targets)', [
        input('elb5xx', m.elb5xx),
        input('target5xx', m.target5xx),
      ]),
      comparison: 'GreaterThanThreshold',
      threshold: ALB_DEFAULTS.max5xxPer5Minutes,
      displayUnit: 'errors',
      periodSeconds: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: 'notBreaching',
      meaning: 'Users are getting server errors from the API: requests are failing right now.',
    }),
    // Maximum, not Minimum: Minimum over a minute hides a target that flaps between healthy and unhealthy (the usual
    // shape of a health check timing out under load), and needs every load balancer node's sample to agree.
    // Robustness to a rolling deploy comes from 3 of 5 minutes instead: a new task is `initial`, not unhealthy,
    // until its first checks pass, and a replaced one is `draining`, so a good deploy adds no unhealthy minutes;
    // a task that keeps failing its checks for 3 minutes of 5 is not a deploy blip. UnHealthyHostCount is published
    // every minute whatever the traffic, so a gap is real missing data.
    define({
      id: 'alb-unhealthy-targets',
      title: 'API targets failing health checks',
      severity: 'critical',
      service: 'alb',
      owner: 'platform',
      metric: m.unhealthyTargets,
      comparison: 'GreaterThanThreshold',
      threshold: ALB_DEFAULTS.maxUnhealthyTargets,
      displayUnit: 'targets',
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: 'missing',
      meaning: 'Backend tasks are failing their health checks, so the API runs on reduced capacity and may start refusing requests.',
    }),
    // AWS recommends a percentile of TargetResponseTime over 1-minute periods, 5 of 5. p99 is what the slowest
    // users see; 5 consecutive minutes keeps one slow request at quiet hours from firing it. TargetResponseTime is
    // only published when there are requests: no traffic is not slowness.
    define({
      id: 'alb-p99-latency-high',
      title: 'API p99 response time high',
      severity: 'warning',
      service: 'alb',
      owner: 'backend',
      metric: m.responseTime,
      comparison: 'GreaterThanThreshold',
      threshold: ALB_DEFAULTS.maxP99ResponseSeconds,
      displayUnit: 's',
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'notBreaching',
      meaning: 'The slowest 1 % of API requests take longer than the target, so some users see a sluggish app or client timeouts.',
    }),
  ];
}

/** The load balancer's dashboard widgets, and its healthy and unhealthy targets for the ECS task counts. */
export function albWidgets(def: Lookup, r: StageResources): { latency: WidgetContent; responses: WidgetContent; targets: WidgetPart } {
  const m = albMetrics(r);
  const p99 = def('alb-p99-latency-high');
  const latency = singleMetric(p99);
  const errors = def('alb-5xx');
  const unhealthy = def('alb-unhealthy-targets');
  return {
    latency: {
      title: 'ALB target response time (avg / p95 / p99)',
      period: 60,
      metrics: [
        row(withStatistic(latency, 'Average'), { label: 'average' }),
        row(withStatistic(latency, 'p95'), { label: 'p95' }),
        row(latency, { label: 'p99 (alarmed)', period: p99.periodSeconds }),
      ],
      annotations: { horizontal: thresholdLines([p99]) },
      yAxis: { left: { min: 0, label: 'seconds', showUnits: false } },
    },
    // The whole widget uses the 5xx alarm's period, so the threshold line compares with like-for-like sums.
    responses: {
      title: 'HTTP responses 2xx / 4xx / 5xx (per 5 min)',
      period: errors.periodSeconds,
      metrics: [
        row(m.target2xx, { label: '2xx (targets)' }),
        row(m.target4xx, { label: '4xx (targets)' }),
        row(m.elb4xx, { label: '4xx (load balancer)' }),
        ...alarmRows(errors),
      ],
      annotations: { horizontal: thresholdLines([errors]) },
      yAxis: { left: { min: 0, label: 'responses', showUnits: false } },
    },
    targets: {
      metrics: [row(m.healthyTargets, { label: 'healthy targets (ALB)' }), ...alarmRows(unhealthy)],
      annotations: { horizontal: thresholdLines([unhealthy]) },
    },
  };
}
