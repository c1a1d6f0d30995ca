/**
 * Records of one alarm in state-change order (issue 11): SQS hands a batch over in any order, so an OK may come
 * before the ALARM it ends. The notifications come out oldest first per alarm and target, each `after` the one
 * before, and `inSequence` sends a notification only once the one it comes after is over.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/model/alert.js';
import { inSequence, type Notification, type PreparedRecord } from '../../src/model/prepared.js';
import { inStateChangeOrder } from '../../src/pipeline/sequence.js';

const alert = (name: string, state: Alert['state'], time: string): Alert => ({
  kind: 'metric',
  alarmName: name,
  alarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
  state,
  reason: 'r',
  stateChangeTime: time,
  region: 'eu-west-1',
  partition: 'aws',
  account: '123456789012',
  source: { format: 'sns-alarm' },
});

let record = 0;
const single = (a: Alert, target = '#alerts'): Notification => ({
  route: { destination: 'slack', target: target.slice(1) },
  digest: false,
  sources: [{ record: record++, notice: a, routes: [] } satisfies PreparedRecord],
  target,
  payload: `${a.alarmName} ${a.state}`,
});

describe('inStateChangeOrder', () => {
  it('puts an OK that came first after the older ALARM of the same alarm, and chains it', () => {
    const ok = single(alert('db', 'OK', '2024-05-14T09:50:00.000+0000'));
    const fired = single(alert('db', 'ALARM', '2024-05-14T09:40:00.000+0000'));
    const out = inStateChangeOrder([ok, fired]);
    expect(out.map((n) => n.payload)).toEqual(['db ALARM', 'db OK']);
    expect(out[0]!.after).toBeUndefined();
    expect(out[1]!.after).toBe(out[0]);
  });

  it('leaves other alarms, other targets and digests where they were', () => {
    const lateOk = single(alert('db', 'OK', '2024-05-14T09:50:00Z'));
    const other = single(alert('cache', 'ALARM', '2024-05-14T09:30:00Z'));
    const elsewhere = single(alert('db', 'ALARM', '2024-05-14T09:40:00Z'), '#alerts-critical');
    const early = single(alert('db', 'ALARM', '2024-05-14T09:40:00Z'));
    const digest: Notification = { ...single(alert('x', 'ALARM', '2024-05-14T09:00:00Z')), digest: true, payload: 'digest' };
    const out = inStateChangeOrder([lateOk, other, elsewhere, digest, early]);
    expect(out.map((n) => `${n.target} ${String(n.payload)}`)).toEqual([
      '#alerts db ALARM',
      '#alerts cache ALARM',
      '#alerts-critical db ALARM',
      '#alerts digest',
      '#alerts db OK',
    ]);
    expect(out.filter((n) => n.after).map((n) => n.payload)).toEqual(['db OK']);
  });

  it('orders three changes of one alarm by time, and keeps arrival order for equal times', () => {
    const a = single(alert('db', 'OK', '2024-05-14T09:50:00Z'));
    const b = single(alert('db', 'ALARM', '2024-05-14T09:40:00Z'));
    const c = single(alert('db', 'INSUFFICIENT_DATA', '2024-05-14T09:40:00Z'));
    expect(inStateChangeOrder([a, b, c]).map((n) => n.payload)).toEqual(['db ALARM', 'db INSUFFICIENT_DATA', 'db OK']);
  });
});

describe('inSequence', () => {
  it('starts a notification only when the one it comes after is over, and the others at once', async () => {
    const [first, second, other] = inStateChangeOrder([
      single(alert('db', 'ALARM', '2024-05-14T09:40:00Z')),
      single(alert('db', 'OK', '2024-05-14T09:50:00Z')),
      single(alert('cache', 'ALARM', '2024-05-14T09:30:00Z')),
    ]) as [Notification, Notification, Notification];
    const events: string[] = [];
    let finishFirst!: () => void;
    const firstDone = new Promise<void>((resolve) => (finishFirst = resolve));
    const results = inSequence([first, second, other], async (n) => {
      events.push(`start ${String(n.payload)}`);
      if (n === first) await firstDone;
      events.push(`end ${String(n.payload)}`);
      return String(n.payload);
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['start db ALARM', 'start cache ALARM', 'end cache ALARM']);
    finishFirst();
    expect(await results).toEqual(['db ALARM', 'db OK', 'cache ALARM']);
    expect(events.slice(3)).toEqual(['end db ALARM', 'start db OK', 'end db OK']);
  });
});
