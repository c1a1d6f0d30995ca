import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMAIL_LIMITS, formatEmail } from '../../src/destinations/email/format.js';
import { formatPagerDuty } from '../../src/destinations/pagerduty/format.js';
import { formatSlack, formatSlackUnrecognised } from '../../src/destinations/slack/format.js';
import { escapeSlack, fit } from '../../src/formatters/text.js';
import type { EnrichedAlert } from '../../src/model/enriched.js';
import { compositeAlert, enrichedAlert, unrecognised } from '../support/fixtures.js';
import { pagerDutyViolations } from '../support/pagerduty-schema.js';
import { injectedMarkup, slackLimitViolations } from '../support/slack-limits.js';

/** fast-check's seed, fixed so that a failure replays exactly; printed so the run says which one it used. */
const SEED = 20_241_130;
console.log(`fast-check seed ${SEED}`);

// Alarm text is whatever someone typed in the console: any characters, with Slack's control
// sequences, mrkdwn markers and line breaks far more often than chance would give them.
const hostile = fc.constantFrom('<!channel>', '<!here>', '<@U1>', '<https://evil.example|x>', '*', '_', '~', '`', '```', '&', '>', '\n', '\r\n', '\u0007', '🔥', '|');
const text = (maxLength: number) =>
  fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), hostile), { maxLength: Math.ceil(maxLength / 10) })
    .map((parts) => parts.join('').slice(0, maxLength))
    .map((s) => (/[\ud800-\udbff]$/.test(s) ? s.slice(0, -1) : s));

const alarmTexts = fc.record({
  alarmName: text(300),
  description: text(3000),
  reason: text(3000),
  title: text(300),
  note: text(500),
  label: text(200),
  child: text(300),
});

type AlarmTexts = typeof alarmTexts extends fc.Arbitrary<infer T> ? T : never;

function alertWith(t: AlarmTexts, composite: boolean): EnrichedAlert {
  const base = composite ? compositeAlert() : enrichedAlert();
  return {
    ...base,
    alert: {
      ...base.alert,
      alarmName: t.alarmName,
      description: t.description,
      reason: t.reason,
      ...(composite
        ? { composite: { rule: t.reason, triggeringChildren: [{ arn: 'arn:aws:cloudwatch:eu-west-1:1:alarm:c', name: t.child, state: 'ALARM' }] } }
        : {}),
    },
    catalog: t.title ? { ...enrichedAlert().catalog!, title: t.title } : undefined,
    notes: [t.note],
    links: { ...base.links, resources: [{ label: t.label, url: 'https://example.com/resource' }] },
  };
}

const ourUrls = (e: EnrichedAlert): string[] =>
  [e.links.alarm, e.links.metrics, e.links.dashboard, e.links.runbook, ...e.links.resources.map((r) => r.url), ...e.links.children.map((c) => c.url)].filter(
    (u): u is string => u !== undefined,
  );

describe('formatters on arbitrary alarm text', () => {
  it('Slack messages keep every limit and carry no injected mention or link', () => {
    fc.assert(
      fc.property(alarmTexts, fc.boolean(), (t, composite) => {
        const e = alertWith(t, composite);
        const msg = formatSlack(e);
        expect(slackLimitViolations(msg)).toEqual([]);
        expect(injectedMarkup(msg, ourUrls(e))).toEqual([]);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('PagerDuty triggers validate against the published schema', () => {
    fc.assert(
      fc.property(alarmTexts, fc.boolean(), (t, composite) => {
        expect(pagerDutyViolations(formatPagerDuty(alertWith(t, composite), 'trigger'))).toEqual([]);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('email subjects are short single-line ASCII and bodies stay within the limit', () => {
    fc.assert(
      fc.property(alarmTexts, fc.boolean(), (t, composite) => {
        const { Subject: subject, Message: body } = formatEmail(alertWith(t, composite));
        expect(subject.length).toBeGreaterThan(0);
        expect(subject.length).toBeLessThanOrEqual(EMAIL_LIMITS.subject);
        expect(subject).toMatch(/^[\x20-\x7e]+$/);
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(EMAIL_LIMITS.bodyBytes);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('unrecognised notifications keep every limit whatever the raw text', () => {
    fc.assert(
      fc.property(text(20_000), text(200), (raw, subject) => {
        const msg = formatSlackUnrecognised(unrecognised({ raw, subject, problem: subject || 'empty' }), 'production');
        expect(slackLimitViolations(msg)).toEqual([]);
        expect(injectedMarkup(msg, [])).toEqual([]);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('fit on arbitrary text', () => {
  it('never exceeds the limit and never leaves a lone surrogate', () => {
    fc.assert(
      fc.property(text(500), fc.integer({ min: 1, max: 300 }), fc.boolean(), (s, max, escape) => {
        const out = fit(s, max, escape ? escapeSlack : undefined);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        if (escape) expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }),
      { seed: SEED },
    );
  });
});
