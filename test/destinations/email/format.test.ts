import { describe, expect, it } from 'vitest';
import { EMAIL_LIMITS, formatEmail } from '../../../src/destinations/email/format.js';
import {
  compositeAlert,
  consoleLinks,
  enrichedAlert,
  minimalAlert,
  nonCatalogAlert,
  resolvedAlert,
  ALERT_VARIANTS,
} from '../../support/fixtures.js';

const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const NON_ASCII = /[^\x20-\x7e]/;

const FIXTURES = ALERT_VARIANTS;

describe('formatEmail subject', () => {
  it('reads state, severity, stage and title', () => {
    expect(formatEmail(enrichedAlert()).Subject).toBe('ALARM [critical] production: ECS CPU high');
  });

  it('reads as resolved for OK', () => {
    expect(formatEmail(resolvedAlert()).Subject).toBe('Resolved [critical] production: ECS CPU high');
  });

  it('uses the alarm name when the alarm is not in the catalog', () => {
    expect(formatEmail(nonCatalogAlert()).Subject).toBe(
      'ALARM [warning] production: RDS free storage < 10GB (manual, incident 2025-04-02)',
    );
  });

  it('marks a bidi override or zero-width character in the name with "?" instead of hiding it', () => {
    const { Subject: subject, Message: body } = formatEmail(nonCatalogAlert({ alert: { alarmName: 'ohmycoins-production-\u202eusc-ecs\u200b\u0007' } }));
    expect(subject).toBe('ALARM [warning] production: ohmycoins-production-?usc-ecs?');
    expect(body).toContain('ohmycoins-production-\ufffdusc-ecs\ufffd');
    expect(body).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u200b]/);
  });

  it.each(FIXTURES)('is short, single-line ASCII and not empty: %s', (_name, build) => {
    const { Subject: subject } = formatEmail(build());
    expect(subject.length).toBeGreaterThan(0);
    expect(subject.length).toBeLessThanOrEqual(EMAIL_LIMITS.subject);
    expect(subject).not.toMatch(CONTROL_OR_BREAK);
    expect(subject).not.toMatch(NON_ASCII);
  });

  it('removes line breaks and control characters from the alarm name', () => {
    const e = nonCatalogAlert({ alert: { alarmName: 'disk\r\nfull\tnow\u0007\u0085 \u2028again' } });
    expect(formatEmail(e).Subject).toBe('ALARM [warning] production: disk full now again');
  });

  it('cuts a long title to stay within 100 characters', () => {
    const e = nonCatalogAlert({ alert: { alarmName: 'x'.repeat(255) } });
    const { Subject: subject } = formatEmail(e);
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('keeps non-ASCII titles readable', () => {
    const e = enrichedAlert({ catalog: { ...enrichedAlert().catalog!, title: 'Latência “alta” — réplica…' } });
    expect(formatEmail(e).Subject).toBe('ALARM [critical] production: Latencia "alta" - replica...');
  });

  it('is never empty even when nothing of the title is ASCII', () => {
    const e = nonCatalogAlert({ alert: { alarmName: '🔥🔥🔥' } });
    expect(formatEmail(e).Subject).toBe('ALARM [warning] production: CloudWatch alarm');
  });
});

describe('formatEmail body', () => {
  const body = formatEmail(enrichedAlert()).Message;

  it('says the same facts in the same order as Slack: headline, what is wrong, impact, trend, history, links, context', () => {
    expect(body.split('\n').slice(0, 14)).toEqual([
      'ALARM [critical] ECS CPU high - production',
      '==========================================',
      '',
      'Now 93.4 %, 13.4 points above the threshold: Average CPU of the backend',
      'service above 80 % for 3 of 3 minutes.',
      'Impact: The backend is CPU-bound: API requests queue and traders see',
      'slow or failed orders.',
      'Last 60 min: ▁▁▂▂▂▃▃▄▅▆▇█',
      'History: fired 2 times in the last 24 h',
      'Links: Runbook [1], Alarm [2], Graph [3], Dashboard [4], ECS',
      '       service ohmycoins-production-backend [5], Backend logs [6]',
      'ohmycoins-production-ecs-cpu-high · eu-west-1 · 412345678901 · owner',
      'platform team (@platform-oncall)',
      '',
    ]);
  });

  it('puts the detail under a heading', () => {
    for (const line of [
      'Details',
      '  Metric:         AWS/ECS CPUUtilization (Average, 60 s)',
      '  CloudWatch:     Threshold Crossed: 3 out of the last 3 datapoints',
      '  State:          OK -> ALARM at 2025-05-14 09:21 UTC',
      '  Trend:          ▁▁▂▂▂▃▃▄▅▆▇█ 93.4 (threshold 80 ┄)',
    ]) {
      expect(body.split('\n')).toContain(line);
    }
  });

  it('puts each link as a full URL on its own line in a numbered list at the end, and nowhere else', () => {
    const lines = body.split('\n');
    const e = enrichedAlert();
    const urls = [e.links.runbook, e.links.alarm, e.links.metrics, e.links.dashboard, e.links.resources[0]?.url, consoleLinks.ecsLogs('production')];
    const list = lines.indexOf('Links');
    expect(list).toBeGreaterThan(0);
    urls.forEach((url, i) => expect(lines.indexOf(`      ${url}`), `link ${i + 1}`).toBe(list + 3 + 2 * i));
    expect(lines.slice(list + 2, list + 4)).toEqual(['  [1] Runbook', `      ${e.links.runbook}`]);
    expect(lines.slice(0, list).filter((l) => l.includes('https://'))).toEqual([]);
  });

  it('keeps lines short except for URLs', () => {
    const long = body.split('\n').filter((l) => l.length > 72 && !l.trim().startsWith('https://'));
    expect(long).toEqual([]);
  });

  it('reads as resolved for OK, with the time spent in ALARM', () => {
    const ok = formatEmail(resolvedAlert()).Message;
    expect(ok.startsWith('Resolved [critical] ECS CPU high - production')).toBe(true);
    expect(ok).toContain('Resolved: ECS CPU high was in ALARM for 17 min, now 52.1 %.');
  });

  it('lists the triggering children of a composite with their links', () => {
    const lines = formatEmail(compositeAlert()).Message.split('\n');
    // Runbook [1], alarm [2], dashboard [3], then the children in order.
    expect(lines).toContain('  - ALARM: ohmycoins-production-ecs-cpu-high since 2025-05-14 09:21 UTC [4]');
    expect(lines).toContain('  [4] Child alarm ohmycoins-production-ecs-cpu-high');
    expect(lines).toContain(`      ${consoleLinks.alarm('ohmycoins-production-ecs-cpu-high')}`);
  });

  it('says what enrichment could not fetch', () => {
    const lines = formatEmail(minimalAlert()).Message.split('\n');
    expect(lines).toContain('Not available');
    expect(lines).toContain('  - trend unavailable: CloudWatch GetMetricData timed out after 1500 ms');
  });

  it('removes control characters from alarm text', () => {
    const e = enrichedAlert({ alert: { reason: 'bell\u0007 and escape\u001b[31m red' } });
    expect(formatEmail(e).Message).not.toMatch(/[\u0007\u001b]/);
  });

  it('stays within 200 KB however large the alarm text', () => {
    const huge = '🔥 é '.repeat(100_000);
    const e = compositeAlert({
      alert: {
        description: huge,
        reason: huge,
        composite: {
          rule: huge,
          triggeringChildren: Array.from({ length: 5000 }, (_, i) => ({ arn: `arn:${i}`, name: huge.slice(0, 5000) + i, state: 'ALARM' })),
        },
      },
      notes: Array.from({ length: 5000 }, () => huge.slice(0, 10_000)),
      links: {
        ...compositeAlert().links,
        resources: Array.from({ length: 5000 }, (_, i) => ({ label: huge.slice(0, 3000), url: `https://example.com/${i}` })),
      },
    });
    const { Message: big } = formatEmail(e);
    expect(Buffer.byteLength(big, 'utf8')).toBeLessThanOrEqual(EMAIL_LIMITS.bodyBytes);
  });
});
