/**
 * Issue 12's limits, for every catalog alarm of both stages in ALARM, as on-call reads them on a phone: the Slack
 * message (webhook mode) at most 650 visible characters (the aim is about 600) on at most 14 lines with no
 * sentence twice; the PagerDuty summary at most 120 characters, its stable part first; the mail's URLs only in
 * its final list. An OK says how long the alarm was in ALARM.
 */
import { describe, expect, it } from 'vitest';
import { formatEmail } from '../../src/destinations/email/format.js';
import { formatPagerDuty } from '../../src/destinations/pagerduty/format.js';
import { formatSlack } from '../../src/destinations/slack/format.js';
import { STAGES } from '../../src/model/alert.js';
import { catalogAlert, catalogOf } from '../support/catalog-messages.js';
import { repeatedSentences, visibleCharacters, visibleLines } from '../support/slack-visible.js';

const MAX_VISIBLE = 650;
const MAX_LINES = 14;
const MAX_SUMMARY = 120;

const cases = STAGES.flatMap((stage) => catalogOf(stage).map((d) => ({ stage, d, name: `${stage} ${d.id}` })));

describe('the visible-text counter', () => {
  it('counts what Slack shows: link labels not URLs, no markers, entities as one character', () => {
    const lines = visibleLines({ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Runbook:* <https://example.com/a|Open> &amp; `▁█`\nline two' } }] });
    expect(lines).toEqual(['Runbook: Open & ▁█', 'line two']);
  });
});

describe.each(cases)('$name in ALARM', ({ stage, d }) => {
  it(`fits Slack in ${MAX_VISIBLE} visible characters on ${MAX_LINES} lines, no sentence twice`, async () => {
    const e = (await catalogAlert(stage, d, 'ALARM'))!;
    const m = formatSlack(e);
    const lines = visibleLines(m);
    expect(visibleCharacters(m), lines.join('\n')).toBeLessThanOrEqual(MAX_VISIBLE);
    expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(MAX_LINES);
    expect(repeatedSentences(lines)).toEqual([]);
    // The trend line fits a phone: at most 24 cells.
    const trend = lines.find((l) => l.startsWith('Last 60 min '));
    expect(trend, 'a trend line').toBeDefined();
    expect([...trend!.slice('Last 60 min '.length)].length).toBeLessThanOrEqual(24);
  });

  it(`summarises for PagerDuty as "${stage} · ${d.title}" then the value, in ${MAX_SUMMARY} characters`, async () => {
    const e = (await catalogAlert(stage, d, 'ALARM'))!;
    const event = formatPagerDuty(e, 'trigger');
    if (event.event_action !== 'trigger') throw new Error('expected a trigger');
    expect(event.payload.summary.startsWith(`${stage} · ${d.title} — `)).toBe(true);
    expect(event.payload.summary.length).toBeLessThanOrEqual(MAX_SUMMARY);
    const values = Object.values(event.payload.custom_details ?? {}).filter((v): v is string => typeof v === 'string');
    expect(values.length - new Set(values).size, 'a custom detail repeats another').toBe(0);
    expect(event.payload.custom_details?.description, 'the description only repeated impact and runbook').toBeUndefined();
  });

  it('mails every URL on its own line in the list at the end, and nowhere before it', async () => {
    const e = (await catalogAlert(stage, d, 'ALARM'))!;
    const lines = formatEmail(e).Message.split('\n');
    const list = lines.indexOf('Links');
    expect(list).toBeGreaterThan(0);
    expect(lines.slice(0, list).filter((l) => l.includes('://'))).toEqual([]);
    const urls = lines.slice(list).filter((l) => l.includes('://'));
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const l of urls) expect(l).toMatch(/^ {6}https:\/\/\S+$/);
  });
});

describe.each(cases)('$name in OK', ({ stage, d }) => {
  it('says how long the alarm was in ALARM', async () => {
    const e = await catalogAlert(stage, d, 'OK');
    if (!e) return; // routed nowhere in this stage (an info alarm's OK in production)
    expect(visibleLines(formatSlack(e))[1]).toContain('was in ALARM for 17 min');
    expect(formatEmail(e).Message).toContain('was in ALARM for 17 min');
  });
});
