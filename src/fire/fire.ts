import { DescribeAlarmsCommand, SetAlarmStateCommand, type CloudWatchClient, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { alarmName as alarmNameOf, deadLetterQueueName, destinationQueueName } from '../alarms/naming.js';
import type { AlarmDefinition } from '../alarms/types.js';
import type { Severity, Stage } from '../model/alert.js';
import { DESTINATIONS } from '../destinations/index.js';
import { route } from '../route/index.js';
import { silenceFor, silenceLabel, type SilenceSource } from '../route/silence.js';
import { destinationsOf, type FirePlan, type FireState, type Timing } from './plan.js';
import { queueDepth, queueUrl, watchHistory, watchQueues, type Clock, type Delivery } from './watch.js';

/**
 * A test fire: a real catalog alarm set to ALARM with SetAlarmState, so the notification takes the whole
 * live path (CloudWatch → SNS → notifier functions → Slack, PagerDuty, email); with `wait`, watched until
 * it was delivered and set back to OK, which is delivered too.
 */

export interface FireDeps {
  cloudwatch: CloudWatchClient;
  /** Absent: no queue is watched and the settle time alone covers the notifiers. */
  sqs?: SQSClient;
  clock: Clock;
  print: (line: string) => void;
  /** Who fires: named in the state reason every destination shows. */
  user: string;
  /** Maintenance windows: an alarm they silence is fired anyway, with a warning that nothing will be sent. */
  silences?: SilenceSource;
  /** Set on Ctrl-C: stop waiting, still set the alarm back to OK. */
  aborted?: () => boolean;
}

export type FireResult = 'delivered' | 'fired' | 'skipped' | 'failed';

export interface FireOutcome {
  id: string;
  alarmName: string;
  severity: Severity;
  result: FireResult;
  /** One line: why this result. */
  detail: string;
  seconds: number;
  /** Actions SNS accepted / expected, per state change made. */
  actions: Partial<Record<FireState, { ok: number; expected: number }>>;
}

const MAX_REASON = 1023;

/** Every state reason a test fire sets starts so: an ALARM with another reason is real, and is left alone. */
const TEST_FIRE_PREFIX = 'Test fire by ';

function testFireReason(user: string, at: Date, state: FireState, resetting = false): string {
  const who = user.slice(0, 100) || 'unknown';
  const text = resetting
    ? `${TEST_FIRE_PREFIX}${who}: set back to OK at ${at.toISOString()} (npm run fire).`
    : `${TEST_FIRE_PREFIX}${who} at ${at.toISOString()} (npm run fire): not a real incident. State ${state} set by hand.`;
  return text.slice(0, MAX_REASON);
}

const topicNames = (arns: readonly string[] | undefined): string => (arns ?? []).map((a) => a.split(':').pop()).join(', ') || 'nothing';

/** The destinations one state change of this alarm reaches in this stage. */
const reached = (stage: Stage, def: AlarmDefinition, state: FireState) =>
  DESTINATIONS.filter((d) => route([d], stage, def.severity, state).length > 0);

const queueNames = (stage: Stage, def: AlarmDefinition, state: FireState): string[] =>
  reached(stage, def, state)
    .filter((d) => d.queued)
    .map((d) => destinationQueueName(stage, d.name));

function reevaluationNote(def: AlarmDefinition): string {
  return (
    `note: CloudWatch evaluates the alarm again at its next period (every ${def.periodSeconds} s) and may change it: to ALARM ` +
    'if the metric really breaches (that would be a real alert), to INSUFFICIENT_DATA if the metric has no data.'
  );
}

class Timeline {
  private readonly start: number;
  constructor(
    private readonly deps: FireDeps,
    private readonly prefix: string,
  ) {
    this.start = deps.clock.now();
  }
  elapsed = (): number => (this.deps.clock.now() - this.start) / 1000;
  step = (line: string): void => this.deps.print(`[+${this.elapsed().toFixed(1).padStart(5)}s] ${this.prefix}: ${line}`);
}

interface Watched {
  delivery: Delivery;
  /** Queues still holding messages at the deadline. */
  stuck: string[];
}

/** After a state change: the history, then the queues, then what is left of the settle time. */
async function watchDelivery(
  def: AlarmDefinition,
  name: string,
  state: FireState,
  reason: string,
  expected: number,
  since: number,
  plan: FirePlan,
  deps: FireDeps,
  t: Timeline,
): Promise<Watched> {
  const { clock } = deps;
  const aborted = deps.aborted ?? (() => false);
  const timing: Timing = plan.timing;
  const delivery = await watchHistory(deps.cloudwatch, name, reason, expected, since, timing, clock, t.step, aborted);
  if (delivery.timedOut) return { delivery, stuck: [] };
  const published = clock.now();
  let stuck: string[] = [];
  if (deps.sqs) {
    const queues: Array<{ name: string; url: string }> = [];
    for (const q of queueNames(plan.stage, def, state)) {
      const url = await queueUrl(deps.sqs, q);
      if (url) queues.push({ name: q, url });
      else t.step(`queue ${q} does not exist in ${plan.stage}: not watched`);
    }
    stuck = await watchQueues(deps.sqs, queues, published + timing.timeoutMs, timing, clock, t.step, aborted);
  }
  const rest = published + timing.settleMs - clock.now();
  if (rest > 0 && !aborted()) {
    const direct = reached(plan.stage, def, state)
      .filter((d) => !d.queued)
      .map((d) => ` (${d.label}'s is invoked by SNS directly: no queue to watch)`)
      .join('');
    t.step(`giving the notifier functions ${Math.ceil(rest / 1000)} s more${direct}`);
    await clock.sleep(rest);
  }
  return { delivery, stuck };
}

async function deadLetters(deps: FireDeps, stage: Stage): Promise<{ url?: string; depth?: number }> {
  if (!deps.sqs) return {};
  try {
    const url = await queueUrl(deps.sqs, deadLetterQueueName(stage));
    return url ? { url, depth: await queueDepth(deps.sqs, url) } : {};
  } catch {
    return {};
  }
}

function judge(w: Watched, expected: number): { ok: boolean; problem?: string } {
  const accepted = w.delivery.actions.filter((a) => a.ok).length;
  if (!w.delivery.stateChanged) return { ok: false, problem: 'CloudWatch history never showed the state change' };
  if (w.delivery.actions.some((a) => !a.ok)) return { ok: false, problem: `an alarm action failed (${w.delivery.actions.find((a) => !a.ok)!.summary})` };
  if (accepted < expected) return { ok: false, problem: `only ${accepted} of ${expected} alarm actions reported before the timeout` };
  if (w.stuck.length) return { ok: false, problem: `messages still waiting in ${w.stuck.join(', ')}` };
  return { ok: true };
}

async function fireAlarm(def: AlarmDefinition, plan: FirePlan, deps: FireDeps): Promise<FireOutcome> {
  const name = alarmNameOf(plan.stage, def.id);
  const t = new Timeline(deps, def.id);
  const outcome = (result: FireResult, detail: string, actions: FireOutcome['actions'] = {}): FireOutcome => {
    t.step(`${result}: ${detail}`);
    return { id: def.id, alarmName: name, severity: def.severity, result, detail, seconds: t.elapsed(), actions };
  };

  t.step(`reading ${name} (${def.severity}; its ${plan.state} goes to ${destinationsOf(plan.stage, def, plan.state).join(', ') || 'nowhere'})`);
  const described = await deps.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  const alarm: MetricAlarm | undefined = described.MetricAlarms?.[0];
  if (!alarm) return outcome('failed', `no CloudWatch alarm named ${name} in ${plan.config.region}: is the ${plan.stage} stack deployed?`);
  const actionsFor = (s: FireState) => (s === 'ALARM' ? alarm.AlarmActions : alarm.OKActions) ?? [];
  t.step(
    `now ${alarm.StateValue}${alarm.StateUpdatedTimestamp ? ` since ${alarm.StateUpdatedTimestamp.toISOString()}` : ''}; ` +
      `actions ${alarm.ActionsEnabled === false ? 'DISABLED' : 'enabled'}; ALARM notifies ${topicNames(alarm.AlarmActions)}, OK notifies ${topicNames(alarm.OKActions)}`,
  );
  if (alarm.ActionsEnabled === false) return outcome('skipped', 'its actions are disabled: CloudWatch would notify nobody (aws cloudwatch enable-alarm-actions)');
  const byTestFire = (alarm.StateReason ?? '').startsWith(TEST_FIRE_PREFIX);
  if (alarm.StateValue === 'ALARM' && plan.state === 'ALARM') {
    return byTestFire
      ? outcome('skipped', `already in ALARM from a test fire: CloudWatch notifies only on a change; end it with --state OK`)
      : outcome('skipped', 'already in ALARM, for real: firing would notify nothing, and setting it back to OK would resolve a real alert');
  }
  if (alarm.StateValue === 'ALARM' && plan.state === 'OK' && !byTestFire) {
    return outcome('skipped', `in ALARM for real ("${alarm.StateReason ?? ''}"): setting OK would resolve a real alert; CloudWatch sets OK when the metric recovers`);
  }
  if (alarm.StateValue === 'OK' && plan.state === 'OK') {
    return outcome('skipped', 'already OK: CloudWatch notifies only on a change; fire ALARM with --wait, which ends with OK');
  }
  if (actionsFor(plan.state).length === 0) return outcome('skipped', `it has no ${plan.state} action: CloudWatch would notify nobody`);

  const silences = deps.silences ? await deps.silences.current() : plan.config.silences;
  const silence = silenceFor({ alarmName: name, state: plan.state }, def.id, silences, new Date(deps.clock.now()));
  if (silence) t.step(`warning: ${silenceLabel(silence)} silences this alarm: its ${plan.state} will be logged, not sent`);

  const dlq = await deadLetters(deps, plan.stage);
  const firedAt = deps.clock.now();
  const reason = testFireReason(deps.user, new Date(firedAt), plan.state);
  await deps.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: plan.state, StateReason: reason }));
  t.step(`set ${plan.state}: "${reason}"`);

  if (!plan.wait) {
    if (plan.state === 'ALARM') {
      deps.print(
        `note: ${name} stays in ALARM until CloudWatch evaluates it again at its next period (every ${def.periodSeconds} s); it then takes ` +
          `the state its metric says, usually OK, and that OK is delivered too. To end it now: npm run fire -- --stage ${plan.stage} --alarm ${def.id} --state OK`,
      );
    } else deps.print(reevaluationNote(def));
    return outcome('fired', `${plan.state} set; not waiting for delivery (add --wait)`);
  }

  const actions: FireOutcome['actions'] = {};
  let problem: string | undefined;
  try {
    const expected = actionsFor(plan.state).length;
    const w = await watchDelivery(def, name, plan.state, reason, expected, firedAt, plan, deps, t);
    actions[plan.state] = { ok: w.delivery.actions.filter((a) => a.ok).length, expected };
    problem = judge(w, expected).problem;
  } finally {
    // Whatever happened while waiting (a timeout, Ctrl-C, an error), an alarm we put in ALARM goes back to OK.
    if (plan.state === 'ALARM') {
      const resetAt = deps.clock.now();
      const back = testFireReason(deps.user, new Date(resetAt), 'OK', true);
      await deps.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: back }));
      t.step(`set OK: "${back}"`);
      if (!deps.aborted?.()) {
        const expected = actionsFor('OK').length;
        const w = await watchDelivery(def, name, 'OK', back, expected, resetAt, plan, deps, t);
        actions.OK = { ok: w.delivery.actions.filter((a) => a.ok).length, expected };
        problem ??= judge(w, expected).problem;
      }
      deps.print(reevaluationNote(def));
    }
  }

  const after = dlq.url ? await queueDepth(deps.sqs!, dlq.url).catch(() => undefined) : undefined;
  if (!problem && dlq.depth !== undefined && after !== undefined && after > dlq.depth) {
    problem = `the dead-letter queue grew from ${dlq.depth} to ${after}: a delivery failed (see the notifier logs, then npm run redrive)`;
  }
  if (deps.aborted?.()) return outcome('failed', 'interrupted; the alarm was set back to OK', actions);
  if (problem) return outcome('failed', problem, actions);
  const where = [...new Set([...destinationsOf(plan.stage, def, plan.state), ...(plan.state === 'ALARM' ? destinationsOf(plan.stage, def, 'OK') : [])])];
  const muted = silence ? ` (but ${silenceLabel(silence)} kept the ${plan.state} from being sent)` : '';
  return outcome('delivered', `CloudWatch published every action and the notifiers took them; look for it in ${where.join(', ')}${muted}`, actions);
}

/** Every alarm of the plan, one at a time: each is delivered and back to OK before the next fires. */
export async function fireAll(plan: FirePlan, deps: FireDeps): Promise<FireOutcome[]> {
  const outcomes: FireOutcome[] = [];
  for (const def of plan.alarms) {
    if (deps.aborted?.()) break;
    try {
      outcomes.push(await fireAlarm(def, plan, deps));
    } catch (error) {
      const detail = `error: ${error instanceof Error ? error.message : String(error)}`;
      deps.print(`${def.id}: failed: ${detail}`);
      outcomes.push({ id: def.id, alarmName: alarmNameOf(plan.stage, def.id), severity: def.severity, result: 'failed', detail, seconds: 0, actions: {} });
    }
  }
  return outcomes;
}

const pad = (s: string, n: number) => s.padEnd(n);
const ratio = (a?: { ok: number; expected: number }) => (a ? `${a.ok}/${a.expected}` : '-');

/** The table printed after `--all` (and after a single fire, as its last line). */
export function summaryTable(outcomes: readonly FireOutcome[]): string {
  const rows = [['alarm', 'severity', 'result', 'ALARM', 'OK', 'time', 'detail']];
  for (const o of outcomes) {
    rows.push([o.id, o.severity, o.result, ratio(o.actions.ALARM), ratio(o.actions.OK), `${o.seconds.toFixed(1)}s`, o.detail]);
  }
  const widths = rows[0]!.slice(0, -1).map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => (i < widths.length ? pad(c, widths[i]!) : c)).join('  ').trimEnd());
  const count = (r: FireResult) => outcomes.filter((o) => o.result === r).length;
  lines.push(
    '',
    `${outcomes.length} alarm(s): ${count('delivered')} delivered, ${count('fired')} fired without waiting, ${count('skipped')} skipped, ${count('failed')} failed`,
  );
  return lines.join('\n');
}
