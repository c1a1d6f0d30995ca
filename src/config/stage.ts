import type { Severity, Stage } from '../model/alert.js';

/** Identifiers of the platform's resources in one stage. Alarm logic reads them from here only. */
export interface StageResources {
  ecsClusterName: string;
  ecsServiceName: string;
  /** The ALB's full name as CloudWatch dimensions want it: `app/<name>/<id>`. */
  loadBalancerFullName: string;
  /** `targetgroup/<name>/<id>`. */
  targetGroupFullName: string;
  dbInstanceIdentifier: string;
  /** ElastiCache node id (`<replication-group>-001`): the metrics are per node. */
  cacheClusterId: string;
  /** CloudWatch Logs group of the backend tasks, for the "logs" deep link. */
  ecsLogGroup: string;
}

/** Per-alarm tuning; anything absent keeps the catalog default. */
export interface AlarmOverride {
  enabled?: boolean;
  severity?: Severity;
  threshold?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
}

/** A maintenance window: matching alerts are logged, not sent (their OK still goes out when the ALARM did). */
export interface Silence {
  /** Alarm id glob (`rds-*`), matched against catalog id and alarm name. */
  match: string;
  /** ISO-8601. */
  start: string;
  end: string;
  reason: string;
}

/**
 * Where the deployed alarms take the core stack's identifiers from: `file`, the generated
 * `stages/<stage>.identifiers.ts`; `ssm`, the SSM parameters the core stack writes, resolved by CloudFormation
 * at deploy time (docs/identifiers.md). The functions' deep links always use the file.
 */
export type IdentifierSource = 'file' | 'ssm';

/**
 * When the heartbeat test-fires the stage's canary alarm: every day, or every Monday, at `hour` local time in
 * `timezone` (an IANA name, as EventBridge Scheduler takes it). The cadence also sizes the alarm that says a
 * heartbeat did not arrive (infra/heartbeat.ts).
 */
export interface HeartbeatConfig {
  cadence: 'daily' | 'weekly';
  /** 0–23. */
  hour: number;
  timezone: string;
}

/**
 * Slack app mode, per channel and opt-in: a channel named here is posted to with the app's bot token (one message
 * per incident, updated, its state changes in a thread) instead of its incoming webhook. Keyed by the channel's
 * name in the route table (`alerts-critical`), valued by its Slack channel ID (`C0123ABCD`). docs/slack-app.md.
 */
export interface SlackAppConfig {
  channels: Readonly<Record<string, string>>;
}

export interface StageConfig {
  stage: Stage;
  /** Region the stack and its alarms live in. */
  region: string;
  /** Imported from Terraform's outputs by `npm run stage:import`, never typed by hand. */
  resources: StageResources;
  /** Absent means `file`. */
  identifiers?: IdentifierSource;
  /** Keyed by catalog id. */
  alarms: Record<string, AlarmOverride>;
  /** Base URL where `docs/runbooks/<id>.md` is readable by on-call (the repository browser). */
  runbookBaseUrl: string;
  /** Addresses subscribed to the email topic (they confirm by mail once). */
  emailSubscribers: string[];
  enrichment: {
    /** Total time for all AWS calls of one alert's enrichment. */
    budgetMs: number;
  };
  silences: Silence[];
  heartbeat: HeartbeatConfig;
  /** Absent or empty: every channel keeps its webhook. */
  slackApp?: SlackAppConfig;
}
