/**
 * The storm's running totals, as its message shows them: each alarm once with its latest state, changes and
 * notifications added up over the digests, flapping once its changes over the whole storm reach three.
 */
import { describe, expect, it } from 'vitest';
import { formatStormParent, mergeTotals, STORM_ALARMS_KEPT, type StormAlarm, type StormTotals } from '../../../src/destinations/slack-app/storm-format.js';

const at = (hhmm: string) => Date.parse(`2024-05-14T${hhmm}:00Z`);
const alarm = (title: string, state: StormAlarm['state'], hhmm: string, changes: number, notifications = changes): StormAlarm => ({
  title,
  severity: 'critical',
  state,
  atMs: at(hhmm),
  changes,
  notifications,
});
const digest = (from: string, to: string, alarms: Record<string, StormAlarm>, unreadable = 0): StormTotals => ({
  stage: 'production',
  from: `2024-05-14T${from}:00.000Z`,
  to: `2024-05-14T${to}:00.000Z`,
  notifications: Object.values(alarms).reduce((n, a) => n + a.notifications, 0) + unreadable,
  unreadable,
  digests: 1,
  alarms,
});

describe('merging a digest into the storm', () => {
  // 10:00–10:02: api fires (OK → ALARM), db fires. 10:03–10:05: api recovers and fires again (2 changes), db recovers.
  const first = digest('10:00', '10:02', { api: alarm('API 5xx', 'ALARM', '10:01', 1), db: alarm('DB CPU', 'ALARM', '10:02', 1) });
  const second = digest('10:03', '10:05', { api: alarm('API 5xx', 'ALARM', '10:05', 2), db: alarm('DB CPU', 'OK', '10:04', 1), cache: alarm('Cache', 'ALARM', '10:03', 1) }, 2);

  it('adds up notifications, unreadable and digests, spans both windows, keeps each alarm’s latest state', () => {
    const storm = mergeTotals(first, second);
    expect(storm).toMatchObject({ from: '2024-05-14T10:00:00.000Z', to: '2024-05-14T10:05:00.000Z', notifications: 2 + 4 + 2, unreadable: 2, digests: 2 });
    expect(storm.alarms).toEqual({
      api: alarm('API 5xx', 'ALARM', '10:05', 3),
      db: alarm('DB CPU', 'OK', '10:04', 2),
      cache: alarm('Cache', 'ALARM', '10:03', 1),
    });
  });

  it('a digest that arrives late does not roll an alarm back to an older state', () => {
    expect(mergeTotals(second, first).alarms.db).toEqual(alarm('DB CPU', 'OK', '10:04', 2));
  });

  it('keeps at most STORM_ALARMS_KEPT alarms: the others still count as notifications', () => {
    const many = Object.fromEntries(Array.from({ length: STORM_ALARMS_KEPT }, (_, i) => [`a${i}`, alarm(`A${i}`, 'ALARM', '10:00', 1)]));
    const storm = mergeTotals(digest('10:00', '10:00', many), digest('10:01', '10:01', { extra: alarm('Extra', 'ALARM', '10:01', 1) }));
    expect(Object.keys(storm.alarms)).toHaveLength(STORM_ALARMS_KEPT);
    expect(storm.notifications).toBe(STORM_ALARMS_KEPT + 1);
  });
});

describe('the storm message', () => {
  it('counts api as flapping (3 changes over the storm), cache as firing, db as recovered', () => {
    const storm = mergeTotals(
      digest('10:00', '10:02', { api: alarm('API 5xx', 'ALARM', '10:01', 1), db: alarm('DB CPU', 'ALARM', '10:02', 1) }),
      digest('10:03', '10:05', { api: alarm('API 5xx', 'ALARM', '10:05', 2), db: alarm('DB CPU', 'OK', '10:04', 1), cache: alarm('Cache', 'ALARM', '10:03', 1) }, 2),
    );
    const m = formatStormParent(storm);
    expect(m.text).toBe(
      '🚨 Alert storm — production: 1 firing (1 critical, 0 warning, 0 info), 1 recovered, 1 flapping; ' +
        '8 notifications about 3 alarms and 2 unreadable between 2024-05-14 10:00 UTC and 2024-05-14 10:05 UTC; 2 digests in the thread',
    );
    const firing = JSON.stringify(m.attachments);
    expect(firing).toContain('Firing now* (1)');
    expect(firing).toContain('Cache · critical');
    expect(firing).not.toContain('DB CPU');
    // Something flaps at critical: the bar is critical's red.
    expect(m.attachments![0]!.color).toBe('#D1242F');
  });

  it('all recovered: nothing firing, a green bar', () => {
    const m = formatStormParent(digest('10:00', '10:01', { db: alarm('DB CPU', 'OK', '10:01', 1) }));
    expect(JSON.stringify(m.attachments)).toContain('Nothing is firing now.');
    expect(m.attachments![0]!.color).toBe('#2EB67D');
  });
});
