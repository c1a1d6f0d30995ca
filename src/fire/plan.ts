import { parseArgs } from 'node:util';
import { catalogFor } from '../alarms/index.js';
import type { AlarmDefinition } from '../alarms/types.js';
import type { StageConfig } from '../config/stage.js';
import { isStage, stageConfig } from '../config/stages/index.js';
import type { Stage } from '../model/alert.js';
import { DESTINATIONS } from '../destinations/index.js';
import { route } from '../route/index.js';

/** What `npm run fire` was asked to do, checked against the catalog before anything touches AWS. */

export type FireState = 'ALARM' | 'OK';

export interface Timing {
  /** Between two reads of the alarm history or the queues. */
  pollMs: number;
  /** Longest wait for one state change to be delivered. */
  timeoutMs: number;
  /** Least time given to the notifier functions after CloudWatch published (PagerDuty's has no queue to watch). */
  settleMs: number;
}

export const DEFAULT_TIMING: Timing = { pollMs: 5_000, timeoutMs: 180_000, settleMs: 20_000 };

export interface FirePlan {
  stage: Stage;
  config: StageConfig;
  alarms: AlarmDefinition[];
  state: FireState;
  /** Wait for delivery (and, after an ALARM, set the alarm back to OK). Always true with `--all`. */
  wait: boolean;
  all: boolean;
  timing: Timing;
}

/** A mistake in the command line: the message says what to type instead. Exit code 2. */
export class UsageError extends Error {}

export const USAGE =
  'usage: npm run fire -- --stage staging|production (--alarm <id> | --all) [--state ALARM|OK] [--wait]\n' +
  '                       [--timeout <seconds>] [--settle <seconds>] [--yes-page-production]';

function seconds(value: string | undefined, name: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} wants a number of seconds, got "${value}"`);
  return n * 1000;
}

/** Where one ALARM of this definition goes in this stage: `pagerduty:ohmycoins-production, #alerts-critical, …`. */
export const destinationsOf = (stage: Stage, def: AlarmDefinition, state: FireState): string[] =>
  DESTINATIONS.flatMap((d) => route([d], stage, def.severity, state).map((r) => d.targetOf(r, stage)));

/** Destinations that are not queued are the ones that wake someone at once: a test there is a real page. */
const pages = (def: AlarmDefinition): boolean =>
  DESTINATIONS.some((d) => !d.queued && route([d], 'production', def.severity, 'ALARM').length > 0);

function productionRefusal(alarms: readonly AlarmDefinition[]): string {
  const paging = alarms.filter(pages);
  const what =
    alarms.length === 1
      ? `${alarms[0]!.id} is ${alarms[0]!.severity}: its ALARM goes to ${destinationsOf('production', alarms[0]!, 'ALARM').join(', ') || 'nowhere'}.`
      : `${alarms.length} alarms, ${paging.length} of them paging.`;
  return [
    'refusing to fire in production without --yes-page-production.',
    `A production test fire is a real alert: ${what}`,
    paging.length
      ? 'PagerDuty pages the on-call engineer right away, and they cannot tell a test from an incident until they have read it.'
      : 'It reaches the production channels and mailboxes, where people act on it.',
    'Test the path in staging (--stage staging). To test production paging on purpose, tell on-call first, then add --yes-page-production.',
  ].join('\n');
}

/** Reads the command line; throws a UsageError naming the problem (and the valid alarm ids when one is unknown). */
export function planFire(argv: readonly string[], configFor: (stage: Stage) => StageConfig = stageConfig): FirePlan {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        stage: { type: 'string' },
        alarm: { type: 'string' },
        all: { type: 'boolean', default: false },
        state: { type: 'string', default: 'ALARM' },
        wait: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        settle: { type: 'string' },
        'yes-page-production': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.stage) throw new UsageError(`--stage is required: a test fire names the stage it alerts.\n${USAGE}`);
  if (!isStage(values.stage)) throw new UsageError(`unknown stage "${values.stage}": use staging or production`);
  if (values.alarm === undefined && !values.all) throw new UsageError(`name an alarm (--alarm <id>) or --all.\n${USAGE}`);
  if (values.alarm !== undefined && values.all) throw new UsageError('--alarm and --all exclude each other');
  if (values.state !== 'ALARM' && values.state !== 'OK') throw new UsageError(`--state is ALARM or OK, got "${values.state}"`);
  if (values.all && values.state === 'OK') throw new UsageError('--all fires ALARM and sets each alarm back to OK itself; drop --state OK');

  const stage = values.stage;
  const config = configFor(stage);
  const catalog = catalogFor(config);
  const enabled = catalog.filter((d) => d.enabled);
  let alarms: AlarmDefinition[];
  if (values.all) alarms = enabled;
  else {
    const def = catalog.find((d) => d.id === values.alarm);
    if (!def) {
      throw new UsageError(`unknown alarm id "${values.alarm}". Alarms in ${stage}:\n${enabled.map((d) => `  ${d.id}  (${d.severity})`).join('\n')}`);
    }
    if (!def.enabled) {
      throw new UsageError(`${def.id} is disabled in ${stage} (src/config/stages/${stage}.ts), so no CloudWatch alarm exists to fire`);
    }
    alarms = [def];
  }
  if (stage === 'production' && !values['yes-page-production']) throw new UsageError(productionRefusal(alarms));

  return {
    stage,
    config,
    alarms,
    state: values.state,
    wait: values.wait || values.all,
    all: values.all,
    timing: {
      pollMs: DEFAULT_TIMING.pollMs,
      timeoutMs: seconds(values.timeout, 'timeout', DEFAULT_TIMING.timeoutMs),
      settleMs: seconds(values.settle, 'settle', DEFAULT_TIMING.settleMs),
    },
  };
}
