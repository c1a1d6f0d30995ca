import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { COLOUR } from '../../../src/destinations/slack/blocks.js';
import { formatSlackDigest, type SlackMessage } from '../../../src/destinations/slack/format.js';
import type { AlarmState, Severity, Unrecognised } from '../../../src/model/alert.js';
import { consoleLinks, STORM_WINDOW, stormNotification } from '../../support/fixtures.js';
import { assertSlackLimits, injectedMarkup } from '../../support/slack-limits.js';

const WINDOW = STORM_WINDOW;
const notification = stormNotification;

const blocksOf = (m: SlackMessage): KnownBlock[] => [...(m.blocks ?? []), ...(m.attachments ?? []).flatMap((a) => a.blocks)];
const sectionTexts = (m: SlackMessage): string[] =>
  blocksOf(m).flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
const group = (m: SlackMessage, heading: string): string =>
  sectionTexts(m)
    .filter((t) => t.startsWith(`*${heading}*`) || !t.startsWith('*'))
    .find((t) => t.startsWith(`*${heading}*`)) ?? '';

describe('formatSlackDigest', () => {
  const alerts = [
    notification('rds-cpu-high', 'warning', 'ALARM', 1, 'OK'),
    notification('ecs-cpu-high', 'critical', 'ALARM', 1, 'OK'),
    notification('ecs-cpu-high', 'critical', 'ALARM', 2, 'ALARM'),
    notification('redis-memory-high', 'warning', 'ALARM', 0, 'OK'),
    notification('redis-memory-high', 'warning', 'OK', 3, 'ALARM'),
    notification('alb-5xx-rate', 'critical', 'ALARM', 0, 'OK'),
    notification('alb-5xx-rate', 'critical', 'OK', 1, 'ALARM'),
    notification('alb-5xx-rate', 'critical', 'ALARM', 2, 'OK'),
    notification('alb-5xx-rate', 'critical', 'OK', 3, 'ALARM'),
  ];
  const msg = formatSlackDigest(alerts, 'production', WINDOW);

  it('keeps every Block Kit limit', () => {
    expect(() => assertSlackLimits(msg)).not.toThrow();
  });

  it('summarises the storm in the top-level text', () => {
    expect(msg.text).toBe(
      '🚨 Alert storm — production: 2 firing (1 critical, 1 warning, 0 info), 1 recovered, 1 flapping; ' +
        '9 notifications about 4 alarms between 2025-05-14 09:20 UTC and 2025-05-14 09:25 UTC',
    );
  });

  it('lists what fires, most severe first, each alarm once with its notification count', () => {
    const firing = group(msg, '🔥 Firing').split('\n');
    expect(firing[0]).toBe('*🔥 Firing* (2)');
    expect(firing[1]).toMatch(/^🔴 <[^|]+\|Title ecs-cpu-high> · critical · ALARM <!date\^\d+\^[^>]+> · 2 notifications$/);
    expect(firing[2]).toMatch(/^🟠 <[^|]+\|Title rds-cpu-high> · warning · ALARM /);
    expect(firing).toHaveLength(3);
  });

  it('lists what recovered with its latest state', () => {
    expect(group(msg, '✅ Recovered')).toMatch(/^\*✅ Recovered\* \(1\)\n✅ <[^|]+\|Title redis-memory-high> · warning · OK /);
  });

  it('lists an alarm that changed state several times as flapping, not as firing or recovered', () => {
    expect(group(msg, '🔁 Flapping')).toMatch(/^\*🔁 Flapping\* \(1\)\n✅ <[^|]+\|Title alb-5xx-rate> · critical · 4 changes, now OK /);
    expect(group(msg, '🔥 Firing')).not.toContain('alb-5xx-rate');
    expect(group(msg, '✅ Recovered')).not.toContain('alb-5xx-rate');
  });

  it('links each alarm to its console page', () => {
    expect(group(msg, '🔥 Firing')).toContain(`<${consoleLinks.alarm('ohmycoins-production-ecs-cpu-high')}|Title ecs-cpu-high>`);
  });

  it('has a red colour bar when something critical fires', () => {
    expect(msg.attachments?.[0]?.color).toBe(COLOUR.critical);
  });

  it('has a green colour bar when everything recovered', () => {
    const calm = formatSlackDigest([notification('ecs-cpu-high', 'critical', 'OK', 1, 'ALARM')], 'production', WINDOW);
    expect(calm.attachments?.[0]?.color).toBe(COLOUR.ok);
  });

  it('stays within every limit for 1,000 alerts and says how many more there are', () => {
    const severities: Severity[] = ['critical', 'warning', 'info'];
    const states: AlarmState[] = ['ALARM', 'ALARM', 'OK', 'INSUFFICIENT_DATA'];
    const storm = Array.from({ length: 1000 }, (_, i) =>
      notification(`alarm-${i % 700}-<!here>-${'x'.repeat((i % 700) % 300)}`, severities[i % 3]!, states[i % 4]!, i % 5, 'OK'),
    );
    const big = formatSlackDigest(storm, 'production', WINDOW);
    expect(() => assertSlackLimits(big)).not.toThrow();
    expect(injectedMarkup(big, storm.map((e) => e.links.alarm!))).toEqual([]);
    const firing = group(big, '🔥 Firing');
    expect(firing.split('\n')[1]?.startsWith('🔴')).toBe(true);
    expect(sectionTexts(big).some((t) => /…and [\d,]+ more$/.test(t))).toBe(true);
    expect(big.text).toContain('1,000 notifications about 700 alarms');
  });

  it('says so when the window holds no alerts', () => {
    const empty = formatSlackDigest([], 'staging', WINDOW);
    expect(() => assertSlackLimits(empty)).not.toThrow();
    expect(sectionTexts(empty)).toContain('No alerts in this window.');
  });

  describe('with notifications we could not read', () => {
    const unreadable = (problem: string, n: number): Unrecognised[] =>
      Array.from({ length: n }, (_, i) => ({ kind: 'unrecognised', problem, raw: `raw ${i}`, source: { receivedAt: '2025-05-14T09:22:00.000Z' } }));
    const notices = [
      ...unreadable('JSON list, not a CloudWatch alarm', 2),
      ...unreadable('not JSON: plain text', 12),
      ...unreadable('alarm state "*alarm*" <!channel> is not ALARM, OK or INSUFFICIENT_DATA', 1),
      ...unreadable('p4', 1),
      ...unreadable('p5', 1),
      ...unreadable('p6', 1),
      ...unreadable('p7', 1),
    ];
    const mixed = formatSlackDigest(alerts, 'production', WINDOW, notices);

    it('counts them beside the alarms, which keep their own groups', () => {
      expect(mixed.text).toBe(
        '🚨 Alert storm — production: 2 firing (1 critical, 1 warning, 0 info), 1 recovered, 1 flapping; ' +
          '28 notifications about 4 alarms and 19 unreadable between 2025-05-14 09:20 UTC and 2025-05-14 09:25 UTC',
      );
      expect(group(mixed, '🔥 Firing')).toBe(group(msg, '🔥 Firing'));
      expect(() => assertSlackLimits(mixed)).not.toThrow();
    });

    it('lists the five most frequent problems once each, escaped, and counts the rest', () => {
      const lines = group(mixed, '❔ Unreadable notifications').split('\n');
      expect(lines).toHaveLength(6);
      expect(lines.filter((_, i) => i !== 3)).toEqual([
        '*❔ Unreadable notifications* (19)',
        '❔ not JSON: plain text · 12×',
        '❔ JSON list, not a CloudWatch alarm · 2×',
        '❔ p4 · 1×',
        '❔ p5 · 1×',
      ]);
      // The sender's text cannot mention the channel or set bold: the markers are escaped or replaced.
      expect(lines[3]).toMatch(/^❔ alarm state ".alarm." .+ is not ALARM, OK or INSUFFICIENT_DATA · 1×$/);
      expect(lines[3]).not.toContain('<!channel>');
      expect(lines[3]).not.toContain('*alarm*');
      expect(sectionTexts(mixed)).toContain('…and 2 more with other problems');
    });

    it('clips a long problem to one line of 150 characters', () => {
      const long = formatSlackDigest([], 'staging', WINDOW, unreadable(`first line\nsecond ${'x'.repeat(300)}`, 1));
      const line = group(long, '❔ Unreadable notifications').split('\n')[1]!;
      expect(line.startsWith('❔ first line second xxx')).toBe(true);
      expect(line.endsWith('… · 1×')).toBe(true);
      expect(line).toHaveLength('❔ '.length + 150 + ' · 1×'.length);
    });
  });
});
