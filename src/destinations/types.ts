import type { EndpointPolicy } from '../config/endpoints.js';
import type { GraphRequestOf } from '../enrich/graph.js';
import type { SecretSource } from '../config/secrets.js';
import type { Stage, Unrecognised } from '../model/alert.js';
import type { EnrichedAlert } from '../model/enriched.js';
import type { Log } from '../model/log.js';
import type { DestinationRoutes, Route } from '../model/route.js';
import type { HttpSend } from '../notify/http.js';
import type { Notifier } from '../notify/types.js';

/** What a destination's notifier is built from, once per container. */
export interface NotifierContext {
  secrets: SecretSource;
  env: NodeJS.ProcessEnv;
  policy: EndpointPolicy;
  log: Log;
  /** Defaults to `node:https`; a simulation passes stand-ins. */
  http?: HttpSend;
  /** This container reads CloudWatch (deployed, or a local run with ALERTING_CLOUDWATCH=live): graphs may be drawn. */
  liveCloudWatch?: boolean;
}

/** What `render` knows when it shows a request: the stage, its region, and the environment it runs in. */
export interface RequestContext {
  stage: Stage;
  region: string;
  env: NodeJS.ProcessEnv;
}

/** AWS permissions a destination's function needs beyond the pipeline's own (infra turns them into IAM). */
export type Capability =
  | 'publish-email-topic'
  /** cloudwatch:GetMetricWidgetImage: the alarm's graph, uploaded into the incident's thread. */
  | 'draw-graph';

/**
 * Set-up problems a person must fix (a bot not invited, a revoked token), which the notifier logs at level ERROR
 * with `logFields`: infra counts those lines in the function's log group and raises the pipeline's own alarm.
 */
export interface SetupProblems {
  /** Fields (string values) every such log line carries, besides its message. */
  logFields: Readonly<Record<string, string>>;
  /** The alarm's description: what happened and what to do. */
  description: string;
}

/**
 * How a payload is drawn for people: as the destination's own client shows it (HTML), and in a terminal. Tools
 * only (preview, demo): each destination folder's preview.ts has one, registered beside the destination.
 */
export interface Preview<P> {
  /** The preview gallery's card. */
  html(payload: P, frame: { target: string; time?: string; recipients: readonly string[]; region: string }): string;
  /** `npm run demo`: readable lines, with `bold`/`dim` for a terminal that shows them. */
  text(payload: P, style: TextStyle): string;
}

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  /** A coloured bar (`#rrggbb`) where the terminal shows colour. */
  bar(colour: string): string;
}

/**
 * Everything that is one destination: which routes reach it, how it formats an alert (and a digest, and a
 * notification that is not an alarm), what it sends with, which secrets and permissions it needs, whether its
 * function reads through a queue. Registered once in src/destinations/index.ts, beside its `Preview` (kept out of
 * the destination so a function's bundle holds no drawing code); nothing else names a destination.
 */
export interface Destination<P = unknown> {
  /** Function name, ledger key prefix, `render`'s `destination`. */
  readonly name: string;
  /** For people: "Slack". */
  readonly label: string;
  /** The function's description in AWS. */
  readonly description: string;
  /**
   * Reads its topics through an SQS queue in batches (so a storm becomes a digest); otherwise SNS invokes its
   * function per message, so nothing ever waits for a batch.
   */
  readonly queued: boolean;
  /**
   * Deployed only in stages whose routes reach it (an opt-in way of sending, such as Slack app mode): elsewhere
   * it has no function, role or alarms. Absent: always deployed.
   */
  readonly onlyWhereRouted?: boolean;
  readonly routes: DestinationRoutes;
  readonly capabilities?: readonly Capability[];
  /** With `draw-graph`: what CloudWatch is to draw for an alert (enrichment asks it; src/enrich/graph.ts). */
  readonly graphRequest?: GraphRequestOf;
  /** Present when its notifier logs set-up problems a person must fix: they raise the pipeline's own alarm. */
  readonly setupProblems?: SetupProblems;
  /** `#alerts-critical`, `pagerduty:ohmycoins-production`. */
  targetOf(route: Route, stage: Stage): string;
  /** The secret names (under the stage's SSM prefix) a route needs. */
  secretsOf(route: Route): readonly string[];
  format(alert: EnrichedAlert, route: Route): P;
  /**
   * Present when the heartbeat (src/alarms/heartbeat.ts) takes another route here than a real alarm would:
   * the route it takes instead of `route`, or none.
   */
  heartbeatRoute?(route: Route): Route | undefined;
  /** Present when this destination shows notifications that are not alarms. */
  formatUnrecognised?(notice: Unrecognised, route: Route, stage: Stage): P;
  /**
   * Present when a batch of alerts for one target becomes one message. A destination that also shows
   * notifications that are not alarms (`formatUnrecognised`) gets those of the batch in its digest too.
   */
  formatDigest?(alerts: readonly EnrichedAlert[], route: Route, stage: Stage, unreadable: readonly Unrecognised[]): P;
  /** The payload as `render` may print it: no secret. */
  redact?(payload: P): P;
  /**
   * The exact request `render` prints, when the notifier adds to the payload (an email's SNS Publish input gets the
   * topic ARN); absent, the payload is the request.
   */
  request?(payload: P, context: RequestContext): unknown;
  notifier(context: NotifierContext): Notifier<P>;
  /** Whether a route can really be sent to here (locally, one without configuration is a dry run). */
  isConfigured(route: Route, context: NotifierContext): Promise<boolean>;
  /** Refuses, at start, configuration that can never work (a webhook that is not Slack's). */
  checkEnvironment?(context: NotifierContext): void;
}

/** Any registered destination, whatever its payload. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDestination = Destination<any>;
