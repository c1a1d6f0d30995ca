import type { KnownBlock, MrkdwnElement } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { COLOUR } from '../../../src/destinations/slack/blocks.js';
import { formatSlack, formatSlackUnrecognised, type SlackMessage } from '../../../src/destinations/slack/format.js';
import type { EnrichedAlert } from '../../../src/model/enriched.js';
import {
  alarmArn,
  anomalyAlert,
  compositeAlert,
  consoleLinks,
  enrichedAlert,
  metricMathAlert,
  minimalAlert,
  noDataAlert,
  nonCatalogAlert,
  resolvedAlert,
  stagingAlert,
  unrecognised,
  ALERT_VARIANTS,
} from '../../support/fixtures.js';
import { assertSlackLimits, injectedMarkup } from '../../support/slack-limits.js';

const allBlocks = (m: SlackMessage): KnownBlock[] => [...(m.blocks ?? []), ...(m.attachments ?? []).flatMap((a) => a.blocks)];
const headerText = (m: SlackMessage): string => {
  const h = allBlocks(m).find((b) => b.type === 'header');
  return h?.type === 'header' ? h.text.text : '';
};
const fields = (m: SlackMessage): string[] =>
  allBlocks(m).flatMap((b) => (b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : []));
const field = (m: SlackMessage, label: string): string | undefined => fields(m).find((f) => f.startsWith(`*${label}*\n`));
const sectionTexts = (m: SlackMessage): string[] =>
  allBlocks(m).flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
const contextTexts = (m: SlackMessage): string[] =>
  allBlocks(m).flatMap((b) => (b.type === 'context' ? b.elements.map((el) => ('text' in el ? el.text : '')) : []));
const urlsOf = (e: EnrichedAlert): string[] =>
  [e.links.alarm, e.links.metrics, e.links.dashboard, e.links.runbook, ...e.links.resources.map((r) => r.url), ...e.links.children.map((c) => c.url)].filter(
    (u): u is string => u !== undefined,
  );

const FIXTURES = ALERT_VARIANTS;

describe('formatSlack', () => {
  it.each(FIXTURES)('keeps every Block Kit limit: %s', (_name, build) => {
    expect(() => assertSlackLimits(formatSlack(build()))).not.toThrow();
  });

  describe('ALARM, critical', () => {
    const msg = formatSlack(enrichedAlert());

    it('has a top-level text with state, severity, title, stage and value for phones', () => {
      expect(msg.text).toBe('🔴 ALARM [critical] ECS CPU high — production: 93.4 % (13.4 points above the threshold)');
    });

    it('has a header with state, severity, the catalog title and the stage', () => {
      expect(headerText(msg)).toBe('🔴 ALARM · critical · ECS CPU high · production');
    });

    it('says what is wrong and how bad (value against threshold), then the impact', () => {
      expect(sectionTexts(msg)[0]).toBe(
        'Now 93.4 %, 13.4 points above the threshold: Average CPU of the backend service above 80 % for 3 of 3 minutes.\n' +
          'Impact: The backend is CPU-bound: API requests queue and traders see slow or failed orders.',
      );
    });

    it('has a red colour bar', () => {
      expect(msg.attachments?.[0]?.color).toBe(COLOUR.critical);
    });

    it('shows the trend in at most 24 cells in a code span, then the history, then one line of links, runbook first', () => {
      const e = enrichedAlert();
      expect(sectionTexts(msg)[1]).toBe(
        '*Last 60 min* `▁▁▂▂▂▃▃▄▅▆▇█`\n*History:* fired 2 times in the last 24 h\n' +
          `<${e.links.runbook}|Runbook> · <${e.links.alarm}|Alarm> · <${e.links.metrics}|Graph> · <${e.links.dashboard}|Dashboard> · ` +
          `<${e.links.resources[0]!.url}|ECS service ohmycoins-production-backend> · <${consoleLinks.ecsLogs('production')}|Backend logs>`,
      );
      // URLs are passed through as built (never encoded twice).
      expect(sectionTexts(msg)[1]).toContain('$252Fecs$252F');
    });

    it('has no fields: a two-column grid wraps badly on a phone', () => {
      expect(fields(msg)).toEqual([]);
    });

    it('uses mrkdwn links rather than buttons, which warn after a click on an incoming webhook', () => {
      expect(allBlocks(msg).some((b) => b.type === 'actions')).toBe(false);
    });

    it('names alarm, region, account and owner in a context line, then as much detail as the 600-character budget leaves', () => {
      // Visible so far: header 47, sentence 111, impact 94, trend 24, history 39, links 93, context 100 = 508;
      // the description line is 90 (598), which leaves 2: too few for the metric line, so the detail stops there.
      expect(contextTexts(msg)).toEqual([
        'ohmycoins-production-ecs-cpu-high · eu-west-1 · 412345678901 · owner platform team (@platform-oncall)',
        '*Description:* Backend tasks above 80 % CPU for 3 minutes: requests queue and latency rises.',
      ]);
    });
  });

  it('has an amber colour bar and an orange marker for a warning', () => {
    const msg = formatSlack(anomalyAlert());
    expect(msg.attachments?.[0]?.color).toBe(COLOUR.warning);
    expect(headerText(msg)).toBe('🟠 ALARM · warning · Unusual API traffic · production');
  });

  it('has a blue colour bar for info', () => {
    const msg = formatSlack(enrichedAlert({ severity: 'info' }));
    expect(msg.attachments?.[0]?.color).toBe(COLOUR.info);
    expect(msg.text.startsWith('🔵 ALARM [info]')).toBe(true);
  });

  describe('OK', () => {
    const msg = formatSlack(resolvedAlert());

    it('reads as resolved in the header and the top-level text', () => {
      expect(headerText(msg)).toBe('✅ Resolved · critical · ECS CPU high · production');
      expect(msg.text).toBe('✅ Resolved [critical] ECS CPU high — production: was in ALARM for 17 min, now 52.1 %');
    });

    it('says how long the alarm lasted', () => {
      expect(sectionTexts(msg)[0]).toBe('Resolved: ECS CPU high was in ALARM for 17 min, now 52.1 %.');
    });

    it('has a green colour bar', () => {
      expect(msg.attachments?.[0]?.color).toBe(COLOUR.ok);
    });
  });

  it('has a grey colour bar and says data is missing for INSUFFICIENT_DATA', () => {
    const msg = formatSlack(noDataAlert());
    expect(msg.attachments?.[0]?.color).toBe(COLOUR.grey);
    expect(headerText(msg)).toBe('⚪ INSUFFICIENT DATA · critical · ECS CPU high · production');
    expect(msg.text).toBe('⚪ INSUFFICIENT DATA [critical] ECS CPU high — production: not enough data to evaluate');
  });

  it('uses the alarm name as title when the alarm is not in the catalog', () => {
    const msg = formatSlack(nonCatalogAlert());
    expect(headerText(msg)).toBe('🟠 ALARM · warning · RDS free storage &lt; 10GB (manual, incident 2025-04-02) · production');
  });

  it('states the threshold from the trigger when enrichment gave no threshold text', () => {
    const msg = formatSlack(minimalAlert());
    expect(sectionTexts(msg)[0]).toBe('CPUUtilization of ohmycoins-production-db crossed its threshold: CPUUtilization ≥ 90.');
  });

  it('shows the expression of a metric-math alarm in the detail, its markers neutralised', () => {
    expect(contextTexts(formatSlack(metricMathAlert())).at(-1)).toContain('*Metric:* expression 100 ∗ (m1 + m2) / m3');
  });

  it('says "unknown" for a region and account parse could not find', () => {
    const msg = formatSlack(minimalAlert({ alert: { region: '', account: '' } }));
    expect(contextTexts(msg)[0]).toBe('awsrds-ohmycoins-production-db-High-CPU-Utilization · unknown region · unknown account');
  });

  it('repairs lone surrogates that arrive in alarm text', () => {
    const broken = 'disk \ud83d full';
    const msg = formatSlack(nonCatalogAlert({ alert: { alarmName: broken, reason: broken }, notes: [broken] }));
    expect(() => assertSlackLimits(msg)).not.toThrow();
    expect(msg.text).toContain('disk \ufffd full');
  });

  it('shows no control character and no bidi override from the alarm name, reason or notes', () => {
    const name = 'ohmycoins-production-\u202eusc-ecs\u0000\u0007\u001b';
    const msg = formatSlack(nonCatalogAlert({ alert: { alarmName: name, reason: 'CPU\u0007 high\u001b[0m\u200b' }, notes: ['bell\u0007'] }));
    // The headline names the stage last (issue 12: state, severity, title, stage).
    expect(headerText(msg)).toBe('🟠 ALARM · warning · ohmycoins-production-\ufffdusc-ecs · production');
    expect(msg.text).toContain('ohmycoins-production-\ufffdusc-ecs');
    const json = JSON.stringify(msg);
    expect(json).not.toMatch(/\\u00(0[0-9a-f]|1[0-9a-f])/);
    expect(json).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u200b-\u200f]/);
  });

  it('shows the stage of a staging alert', () => {
    expect(headerText(formatSlack(stagingAlert())).endsWith(' · staging')).toBe(true);
  });

  describe('composite', () => {
    const e = compositeAlert();
    const msg = formatSlack(e);

    it('shows the rule in the detail instead of a metric', () => {
      const detail = contextTexts(msg).at(-1);
      expect(detail).toMatch(/^\*Description:\* .*\n\*Rule:\* ALARM\("ohmycoins-production-ecs-cp/s);
      expect(detail).not.toContain('*Metric:*');
    });

    it('names the children in ALARM in the sentence and links them, runbook first', () => {
      const cpu = 'ohmycoins-production-ecs-cpu-high';
      expect(sectionTexts(msg)[0]).toContain(`2 of its alarms are in ALARM (${cpu}, ohmycoins-production-alb-target-latency-high).`);
      expect(sectionTexts(msg)[1]).toContain(`<${consoleLinks.alarm(cpu)}|${cpu}>`);
      expect(sectionTexts(msg)[1]).toMatch(/^\*History:\* first time in the last 24 h\n<[^|]+\|Runbook> · /);
    });
  });

  it('puts what enrichment could not fetch in a context block', () => {
    const msg = formatSlack(minimalAlert());
    expect(contextTexts(msg)).toContain(
      '⚠️ Not available: catalog: no definition for this alarm; trend unavailable: CloudWatch GetMetricData timed out after 1500 ms; ' +
        'history unavailable: DescribeAlarmHistory was throttled',
    );
  });

  it('names the first three notes and counts the rest, however many there are', () => {
    const msg = formatSlack(minimalAlert({ notes: Array.from({ length: 40 }, (_, i) => `note ${i}`) }));
    expect(contextTexts(msg)).toContain('⚠️ Not available: note 0; note 1; note 2 …and 37 more');
    expect(() => assertSlackLimits(msg)).not.toThrow();
  });

  describe('links', () => {
    it('drops a URL that is too long rather than cutting it', () => {
      const tooLong = `https://eu-west-1.console.aws.amazon.com/cloudwatch/home#metricsV2?graph=${'x'.repeat(3100)}`;
      const msg = formatSlack(enrichedAlert({ links: { ...enrichedAlert().links, metrics: tooLong } }));
      expect(JSON.stringify(msg)).not.toContain('graph=xxx');
      expect(sectionTexts(msg)[1]).not.toContain('|Graph>');
      expect(sectionTexts(msg)[1]).toContain('|Dashboard>');
    });

    it('drops a URL that would break the link syntax', () => {
      const msg = formatSlack(
        enrichedAlert({ links: { ...enrichedAlert().links, dashboard: 'https://example.com/a|b>c' } }),
      );
      expect(JSON.stringify(msg)).not.toContain('example.com');
    });

    it('removes "|" from labels and escapes them', () => {
      const msg = formatSlack(
        enrichedAlert({ links: { ...enrichedAlert().links, resources: [{ label: 'db | <primary>', url: 'https://example.com/db' }] } }),
      );
      expect(sectionTexts(msg)[1]).toContain(' · <https://example.com/db|db &lt;primary&gt;>');
    });
  });

  describe('alarm text that tries to inject mentions, links or formatting', () => {
    const attack = 'Ping <!channel> and <!here> and <@U1>, see <https://evil.example|x> & *bold* _it_ ~s~ `code`';
    const e = compositeAlert({
      alert: {
        alarmName: `cpu ${attack}`,
        description: attack,
        reason: attack,
        composite: {
          rule: attack,
          triggeringChildren: [{ arn: alarmArn('child'), name: `child ${attack}`, state: 'ALARM', timestamp: '2025-05-14T09:21:37Z' }],
        },
      },
      catalog: undefined,
      notes: [attack],
      links: { ...compositeAlert().links, resources: [{ label: attack, url: 'https://example.com/r' }] },
    });
    const msg = formatSlack(e);
    const json = JSON.stringify(msg);

    it('produces no live mention and no foreign link anywhere in the message', () => {
      expect(injectedMarkup(msg, [...urlsOf(e), 'https://example.com/r'])).toEqual([]);
      for (const live of ['<!channel>', '<!here>', '<@U1>', '<https://evil']) expect(json).not.toContain(live);
    });

    it('shows the text escaped instead', () => {
      expect(json).toContain('&lt;!channel&gt;');
      expect(json).toContain('&lt;https://evil.example|x&gt;');
    });

    it('cannot start bold, italics, strike or code in mrkdwn text', () => {
      expect(msg.text).toContain('∗bold∗ ˍitˍ ∼s∼ ˋcodeˋ');
      const mrkdwn = allBlocks(msg).flatMap((b) =>
        b.type === 'section' ? [...(b.text?.type === 'mrkdwn' ? [b.text] : []), ...(b.fields ?? [])] : [],
      ) as MrkdwnElement[];
      for (const t of mrkdwn) expect(t.text).not.toContain('*bold*');
    });

    it('stays within the limits', () => {
      expect(() => assertSlackLimits(msg)).not.toThrow();
    });
  });

  it('keeps every limit with a 20,000-character description full of mentions', () => {
    const description = '<!channel> <!here> <@U1> <https://evil.example|x> '.repeat(400).slice(0, 20_000);
    const e = enrichedAlert({ alert: { description } });
    const msg = formatSlack(e);
    expect(() => assertSlackLimits(msg)).not.toThrow();
    expect(injectedMarkup(msg, urlsOf(e))).toEqual([]);
    expect(JSON.stringify(msg).replace(/<!date\^/g, '')).not.toContain('<!');
    const shown = contextTexts(msg).at(-1);
    expect(shown).toMatch(/^\*Description:\* .*…$/);
  });

  it('keeps every limit when everything is huge', () => {
    const long = (n: number) => 'é🔥<&>*_'.repeat(Math.ceil(n / 8)).slice(0, n);
    const name = `ohmycoins-production-${'x'.repeat(234)}`;
    const children = Array.from({ length: 500 }, (_, i) => ({ arn: alarmArn(`child-${i}`), name: `${long(200)}-${i}`, state: 'ALARM', timestamp: '2025-05-14T09:21:37Z' }));
    const msg = formatSlack(
      compositeAlert({
        alert: { alarmName: name, description: long(20_000), reason: long(20_000), composite: { rule: long(10_000), triggeringChildren: children } },
        catalog: { ...compositeAlert().catalog!, title: long(500), meaning: long(5000), owner: long(3000) },
        notes: Array.from({ length: 200 }, () => long(1000)),
        history: { summary: long(5000), firedLast24h: 99, flapping: true },
        trend: { sparkline: long(5000), cells: long(5000), span: long(300), from: '', to: '', min: 0, max: 1, points: 1 },
        links: {
          alarm: consoleLinks.alarm(name),
          resources: Array.from({ length: 300 }, (_, i) => ({ label: long(300), url: `https://example.com/${i}/${'p'.repeat(900)}` })),
          children: children.map((c) => ({ label: c.name, url: consoleLinks.alarm(c.name) })),
        },
      }),
    );
    expect(() => assertSlackLimits(msg)).not.toThrow();
    expect(contextTexts(msg).some((t) => /…and [\d,]+ more$/.test(t))).toBe(true);
  });
});

describe('formatSlackUnrecognised', () => {
  const u = unrecognised();
  const msg = formatSlackUnrecognised(u, 'production');

  it('is clearly labelled and grey', () => {
    expect(headerText(msg)).toBe('❔ Unrecognised notification');
    expect(msg.attachments?.[0]?.color).toBe(COLOUR.grey);
    expect(msg.text).toBe(`❔ Unrecognised notification — production: ${u.problem}`);
  });

  it('states the problem, subject, topic and message id', () => {
    expect(sectionTexts(msg)).toContain(`Problem: ${u.problem}`);
    expect(field(msg, 'Subject')).toBe('*Subject*\nAWS Notification Message');
    expect(field(msg, 'Topic')).toBe(`*Topic*\n${u.source.topicArn}`);
    expect(field(msg, 'Message id')).toBe(`*Message id*\n${u.source.messageId}`);
  });

  it('shows the raw text in a code block', () => {
    expect(sectionTexts(msg)).toContain(`\`\`\`${u.raw}\`\`\``);
    expect(contextTexts(msg)).toContain(`Raw message: ${u.raw.length} characters.`);
  });

  it('keeps 300 KB of raw text within the limits and says how much was cut', () => {
    const raw = `{"Message": "${'<!channel> ```'.repeat(22_000)}"}`.slice(0, 300 * 1024);
    const big = formatSlackUnrecognised(unrecognised({ raw }), 'staging');
    expect(() => assertSlackLimits(big)).not.toThrow();
    const note = contextTexts(big).find((t) => t.startsWith('Raw message:'));
    const [, total, shown, cut] = note?.match(/^Raw message: ([\d,]+) characters, the first ([\d,]+) shown, ([\d,]+) cut\.$/) ?? [];
    const n = (s?: string) => Number(s?.replace(/,/g, ''));
    expect(n(total)).toBe(raw.length);
    expect(n(shown) + n(cut)).toBe(raw.length);
    expect(injectedMarkup(big, [])).toEqual([]);
  });

  it('cannot close its code block early with backticks in the raw text', () => {
    const m = formatSlackUnrecognised(unrecognised({ raw: 'a ``` *b* ``` c' }), 'production');
    const code = sectionTexts(m).find((t) => t.startsWith('```')) ?? '';
    expect(code.slice(3, -3)).not.toContain('`');
  });

  it('says so when the message was empty', () => {
    const m = formatSlackUnrecognised(unrecognised({ raw: '', subject: undefined }), 'production');
    expect(sectionTexts(m)).toContain('_The message was empty._');
    expect(() => assertSlackLimits(m)).not.toThrow();
  });
});
