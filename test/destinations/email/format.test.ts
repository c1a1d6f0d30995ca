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
    expect(formatEmail(enrichedAlert()).subject).toBe('ALARM [critical] production: ECS CPU high');
  });

  it('reads as resolved for OK', () => {
    expect(formatEmail(resolvedAlert()).subject).toBe('Resolved [critical] production: ECS CPU high');
  });

  it('uses the alarm name when the alarm is not in the catalog', () => {
    expect(formatEmail(nonCatalogAlert()).subject).toBe(
      'ALARM [warning] production: RDS free storage < 10GB (manual, incident 2025-04-02)',
    );
  });

  it('marks a bidi override or zero-width character in the name with "?" instead of hiding it', () => {
    const { subject, body } = formatEmail(nonCatalogAlert({ alert: { alarmName: 'ohmycoins-production-\u202eusc-ecs\u200b\u0007' } }));
    expect(subject).toBe('ALARM [warning] production: ohmycoins-production-?usc-ecs?');
    expect(body).toContain('ohmycoins-production-\ufffdusc-ecs\ufffd');
    expect(body).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u200b]/);
  });

  it.each(FIXTURES)('is short, single-line ASCII and not empty: %s', (_name, build) => {
    const { subject } = formatEmail(build());
    expect(subject.length).toBeGreaterThan(0);
    expect(subject.length).toBeLessThanOrEqual(EMAIL_LIMITS.subject);
    expect(subject).not.toMatch(CONTROL_OR_BREAK);
    expect(subject).not.toMatch(NON_ASCII);
  });

  it('removes line breaks and control characters from the alarm name', () => {
    const e = nonCatalogAlert({ alert: { alarmName: 'disk\r\nfull\tnow\u0007\u0085 \u2028again' } });
    expect(formatEmail(e).subject).toBe('ALARM [warning] production: disk full now again');
  });

  it('cuts a long title to stay within 100 characters', () => {
    const e = nonCatalogAlert({ alert: { alarmName: 'x'.repeat(255) } });
    const { subject } = formatEmail(e);
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('keeps non-ASCII titles readable', () => {
    const e = enrichedAlert({ catalog: { ...enrichedAlert().catalog!, title: 'Latência “alta” — réplica…' } });
    expect(formatEmail(e).subject).toBe('ALARM [critical] production: Latencia "alta" - replica...');
  });

  it('is never empty even when nothing of the title is ASCII', () => {
    const e = nonCatalogAlert({ alert: { alarmName: '🔥🔥🔥' } });
    expect(formatEmail(e).subject).toBe('ALARM [warning] production: CloudWatch alarm');
  });
});

describe('formatEmail body', () => {
  const body = formatEmail(enrichedAlert()).body;

  it('opens with the headline and what is wrong', () => {
    expect(body.split('\n').slice(0, 5)).toEqual([
      'ALARM [critical] ECS CPU high - production',
      '==========================================',
      '',
      'CPUUtilization of ohmycoins-production-backend is 93.4 %, 13.4 points',
      'above the threshold.',
    ]);
  });

  it('lists the same facts as Slack under headings', () => {
    for (const line of [
      'Details',
      '  State:          OK -> ALARM at 2025-05-14 09:21 UTC',
      '  Metric:         AWS/ECS CPUUtilization (Average, 60 s)',
      '  Current value:  93.4 % (13.4 points above the threshold)',
      '  Stage:          production',
      '  Region:         eu-west-1',
      '  Account:        412345678901',
      '  Owner:          platform team (@platform-oncall)',
      'Trend, last 60 minutes',
      '  ▁▁▂▂▂▃▃▄▅▆▇█ 93.4 (threshold 80 ┄)',
      '  History: fired 2 times in the last 24 h.',
      'Reason (CloudWatch)',
    ]) {
      expect(body.split('\n')).toContain(line);
    }
  });

  it('puts each link as a full URL on its own line', () => {
    const lines = body.split('\n');
    const e = enrichedAlert();
    for (const url of [e.links.alarm, e.links.metrics, e.links.dashboard, e.links.runbook, consoleLinks.ecsLogs('production')]) {
      expect(lines).toContain(`  ${url}`);
    }
  });

  it('keeps lines short except for URLs', () => {
    const long = body.split('\n').filter((l) => l.length > 72 && !l.trim().startsWith('https://'));
    expect(long).toEqual([]);
  });

  it('reads as resolved for OK, with the time spent in ALARM', () => {
    const ok = formatEmail(resolvedAlert()).body;
    expect(ok.startsWith('Resolved [critical] ECS CPU high - production')).toBe(true);
    expect(ok).toContain('Resolved: ECS CPU high was in ALARM for 17 min, now 52.1 %.');
  });

  it('lists the triggering children of a composite with their links', () => {
    const lines = formatEmail(compositeAlert()).body.split('\n');
    expect(lines).toContain('  - ALARM: ohmycoins-production-ecs-cpu-high since 2025-05-14 09:21 UTC');
    expect(lines).toContain(`    ${consoleLinks.alarm('ohmycoins-production-ecs-cpu-high')}`);
  });

  it('says what enrichment could not fetch', () => {
    const lines = formatEmail(minimalAlert()).body.split('\n');
    expect(lines).toContain('Not available');
    expect(lines).toContain('  - trend unavailable: CloudWatch GetMetricData timed out after 1500 ms');
  });

  it('removes control characters from alarm text', () => {
    const e = enrichedAlert({ alert: { reason: 'bell\u0007 and escape\u001b[31m red' } });
    expect(formatEmail(e).body).not.toMatch(/[\u0007\u001b]/);
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
    const { body: big } = formatEmail(e);
    expect(Buffer.byteLength(big, 'utf8')).toBeLessThanOrEqual(EMAIL_LIMITS.bodyBytes);
  });
});
