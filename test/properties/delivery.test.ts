/**
 * No loss, no duplicates, as a property: for mutated real events and destinations that fail in any pattern
 * (transient, permanent, recovering), every notification ends sent exactly once or dead-lettered with its
 * original SNS message intact, and delivering the same records again sends nothing twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/alarms/index.js';
import { stageConfig } from '../../src/config/stages/index.js';
import type { DeadLetter } from '../../src/notify/dead-letter.js';
import { deliver, type DeliverDeps } from '../../src/notify/index.js';
import { memoryLedger } from '../../src/notify/ledger.js';
import { DeliveryError, type Notifier } from '../../src/notify/types.js';
import { prepare } from '../../src/pipeline/prepare.js';
import type { Log } from '../../src/model/log.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { formatGroup } from '../../src/pipeline/format.js';

type DestinationType = 'slack' | 'pagerduty' | 'email';
import { mutatedEvents } from './mutations.js';

/** fast-check's seed, fixed so that a failure replays exactly; printed so the run says which one it used. */
const SEED = 20_241_130;
console.log(`fast-check seed ${SEED}`);

type Answer = 'ok' | 'transient' | 'permanent';
const TYPES: DestinationType[] = ['slack', 'pagerduty', 'email'];
const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };
const ATTEMPTS = 3;

/** A destination that answers attempt n with plan[n] (the last answer repeats), and counts what it accepted. */
function plannedNotifier(type: DestinationType, plan: Answer[]): Notifier & { accepted: string[]; calls: number } {
  const state = { accepted: [] as string[], calls: 0 };
  const perNotification = new Map<string, number>();
  return Object.assign(state, {
    async send(n: Parameters<Notifier['send']>[0]) {
      state.calls++;
      const id = JSON.stringify(n.payload);
      const attempt = perNotification.get(id) ?? 0;
      perNotification.set(id, attempt + 1);
      const answer = plan[Math.min(attempt, plan.length - 1)]!;
      if (answer === 'ok') return void state.accepted.push(id);
      throw new DeliveryError(`${type} said ${answer}`, answer === 'permanent');
    },
  });
}

const plans = fc.record(Object.fromEntries(TYPES.map((t) => [t, fc.array(fc.constantFrom<Answer>('ok', 'transient', 'permanent'), { minLength: 1, maxLength: 4 })])) as Record<
  DestinationType,
  fc.Arbitrary<Answer[]>
>);

/** What the plan makes of one notification: sent on the first 'ok' within the attempts, unless a permanent failure comes first. */
function expectedOutcome(plan: Answer[]): 'sent' | 'dead-lettered' {
  for (let i = 0; i < ATTEMPTS; i++) {
    const answer = plan[Math.min(i, plan.length - 1)]!;
    if (answer === 'ok') return 'sent';
    if (answer === 'permanent') return 'dead-lettered';
  }
  return 'dead-lettered';
}

describe('delivery of mutated events to destinations failing in any pattern', () => {
  it('sends each notification once or dead-letters it intact, and a second delivery sends nothing again', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(5_000), plans, async ({ stage, event }, plan) => {
        const config = stageConfig(stage);
        const { records, notifications } = await prepare(event, { config, catalog: catalogFor(config), destinations: DESTINATIONS, log: quiet });
        const notifiers = Object.fromEntries(TYPES.map((t) => [t, plannedNotifier(t, plan[t])])) as Record<DestinationType, ReturnType<typeof plannedNotifier>>;
        const letters: DeadLetter[] = [];
        const deps: DeliverDeps = {
          stage,
          notifiers,
          reformat: (group) => formatGroup(group, { stage, destinations: DESTINATIONS }),
          ledger: memoryLedger(),
          deadLetters: { send: async (l) => void letters.push(l) },
          retry: { attempts: ATTEMPTS, baseDelayMs: 1, maxDelayMs: 1, attemptTimeoutMs: 5_000, deadlineMs: 60_000 },
          retryDeps: { sleep: async () => {} },
          log: quiet,
        };

        const reports = await deliver(notifications, deps);
        const planned = notifications.flatMap((n) => n.sources.map((r) => ({ r, n })));
        expect(reports).toHaveLength(planned.length);
        // Two records of one event can share a MessageId (SNS delivered the message twice into one batch): the
        // first copy goes as the plan says, every later copy of that (MessageId, destination) is a duplicate.
        const seen = new Set<string>();
        for (const report of reports) {
          const type = report.destination.split(':')[0] as DestinationType;
          const r = records.find((x) => x.record === report.record)!;
          const copyKey = `${r.sns?.messageId || `record-${r.record}`}#${report.destination}`;
          const later = seen.has(copyKey);
          seen.add(copyKey);
          expect(report.outcome).toBe(later ? 'duplicate' : expectedOutcome(plan[type]));
        }
        for (const letter of letters) {
          // Events that carried no SNS record (a Lambda alarm action) keep what was received instead.
          const original = (r: (typeof records)[number]) => r.sns?.message ?? (r.notice.kind === 'unrecognised' ? r.notice.raw : JSON.stringify(r.notice));
          const source = records.find((r) => r.sns?.messageId === letter.sns.messageId && original(r) === letter.sns.message);
          expect(source, 'a letter carries the original SNS message').toBeDefined();
        }
        expect(letters).toHaveLength(reports.filter((r) => r.outcome === 'dead-lettered').length);

        const acceptedBefore = TYPES.map((t) => notifiers[t].accepted.length);
        const again = await deliver(notifications, { ...deps, deadLetters: { send: async () => {} } });
        for (const [i, report] of again.entries()) if (reports[i]!.outcome === 'sent') expect(report.outcome).toBe('duplicate');
        // A notification delivered the first time is never accepted a second time.
        TYPES.forEach((t, i) => expect(notifiers[t].accepted.length - acceptedBefore[i]!).toBe(again.filter((r) => r.destination.startsWith(t) && r.outcome === 'sent').length));
        TYPES.forEach((t) => expect(new Set(notifiers[t].accepted).size).toBe(notifiers[t].accepted.length));
      }),
      { seed: SEED, numRuns: 300 },
    );
  }, 120_000);
});
