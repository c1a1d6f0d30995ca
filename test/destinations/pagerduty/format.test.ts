import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PAGERDUTY_LIMITS,
  ROUTING_KEY_PLACEHOLDER,
  dedupKeyOf,
  formatPagerDuty,
  type PagerDutyEvent,
  type PagerDutyTrigger,
} from '../../../src/destinations/pagerduty/format.js';
import type { EnrichedAlert } from '../../../src/model/enriched.js';
import {
  ACCOUNT,
  alarmArn,
  anomalyAlert,
  compositeAlert,
  enrichedAlert,
  metricMathAlert,
  minimalAlert,
  resolvedAlert,
  ALERT_VARIANTS,
} from '../../support/fixtures.js';
import { assertPagerDutyValid, pagerDutyViolations } from '../../support/pagerduty-schema.js';

const trigger = (e: EnrichedAlert): PagerDutyTrigger => {
  const event = formatPagerDuty(e, 'trigger');
  if (event.event_action !== 'trigger') throw new Error('expected a trigger');
  return event;
};

// A trigger is only ever built for a state change into ALARM or INSUFFICIENT_DATA.
const FIXTURES = ALERT_VARIANTS.filter(([name]) => name !== 'OK after 17 min');

describe('formatPagerDuty', () => {
  it.each(FIXTURES)('builds a trigger that validates against the published schema: %s', (_name, build) => {
    expect(pagerDutyViolations(formatPagerDuty(build(), 'trigger'))).toEqual([]);
  });

  it('builds a resolve that validates against the published schema', () => {
    expect(pagerDutyViolations(formatPagerDuty(resolvedAlert(), 'resolve'))).toEqual([]);
  });

  describe('trigger on ALARM', () => {
    const event = trigger(enrichedAlert());

    it('leaves the routing key as a placeholder for the notifier', () => {
      expect(event.routing_key).toBe(ROUTING_KEY_PLACEHOLDER);
      expect(event.routing_key).toBe('<routing-key>');
    });

    it('summarises with the stable part first (stage and title), then the value, in at most 120 characters', () => {
      expect(event.payload.summary).toBe('production · ECS CPU high — 93.4 % (13.4 points above the threshold)');
    });

    it('maps severity, source, component, group, class and timestamp', () => {
      expect(event.payload).toMatchObject({
        severity: 'critical',
        source: 'ohmycoins-production-backend',
        component: 'ecs',
        group: 'production',
        class: 'ecs-cpu-high',
        timestamp: '2025-05-14T09:21:37.412Z',
      });
    });

    it('carries the facts on-call needs in custom_details, each once', () => {
      const details = event.payload.custom_details!;
      expect(details).toMatchObject({
        what_is_wrong: 'Now 93.4 %, 13.4 points above the threshold: Average CPU of the backend service above 80 % for 3 of 3 minutes.',
        impact: 'The backend is CPU-bound: API requests queue and traders see slow or failed orders.',
        description: 'Backend tasks above 80 % CPU for 3 minutes: requests queue and latency rises.',
        trend: '▁▁▂▂▂▃▃▄▅▆▇█ 93.4 (threshold 80 ┄)',
        history: 'fired 2 times in the last 24 h',
        owner: 'platform team (@platform-oncall)',
        dimensions: 'ClusterName=ohmycoins-production, ServiceName=ohmycoins-production-backend',
      });
      expect(details.reason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints/);
      // The sentence states value and threshold; the runbook is a link: neither is repeated as a detail.
      for (const key of ['threshold', 'current_value', 'runbook']) expect(details, key).not.toHaveProperty(key);
    });

    it('links the runbook first, then the alarm, metric graph, dashboard and resources', () => {
      expect(event.links?.map((l) => l.text)).toEqual([
        'Runbook',
        'CloudWatch alarm',
        'Metric graph',
        'Dashboard',
        'ECS service ohmycoins-production-backend',
        'Backend logs',
      ]);
      expect(event.links?.[1]?.href).toBe(enrichedAlert().links.alarm);
    });

    it('names CloudWatch as the client, linking the alarm in its console', () => {
      expect(event.client).toBe('Amazon CloudWatch');
      expect(event.client_url).toBe(enrichedAlert().links.alarm);
    });
  });

  it('maps warning and info severities', () => {
    expect(trigger(anomalyAlert()).payload.severity).toBe('warning');
    expect(trigger(enrichedAlert({ severity: 'info' })).payload.severity).toBe('info');
  });

  it('lists the triggering children of a composite with their state', () => {
    expect(trigger(compositeAlert()).payload.custom_details?.triggering_children).toEqual([
      {
        name: 'ohmycoins-production-ecs-cpu-high',
        state: 'ALARM',
        since: '2025-05-14T09:21:37.412Z',
        arn: alarmArn('ohmycoins-production-ecs-cpu-high'),
      },
      {
        name: 'ohmycoins-production-alb-target-latency-high',
        state: 'ALARM',
        since: '2025-05-14T09:21:30.118Z',
        arn: alarmArn('ohmycoins-production-alb-target-latency-high'),
      },
    ]);
  });

  it('names region and account as source when the alarm names no resource', () => {
    expect(trigger(compositeAlert()).payload.source).toBe(`eu-west-1/${ACCOUNT}`);
  });

  it('says what enrichment could not fetch', () => {
    expect(trigger(minimalAlert()).payload.custom_details?.notes).toEqual(minimalAlert().notes);
  });

  it('falls back to the regional CloudWatch console when there is no alarm link', () => {
    expect(trigger(minimalAlert()).client_url).toBe('https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1');
  });

  it('resolves with only routing_key, event_action and dedup_key', () => {
    expect(formatPagerDuty(resolvedAlert(), 'resolve')).toEqual({
      routing_key: '<routing-key>',
      event_action: 'resolve',
      dedup_key: alarmArn('ohmycoins-production-ecs-cpu-high'),
    });
  });

  it('stays valid and within 512 KB when everything is huge', () => {
    const long = (n: number) => 'é🔥"\\\u0001<&>'.repeat(Math.ceil(n / 9)).slice(0, n);
    const children = Array.from({ length: 2000 }, (_, i) => ({ arn: alarmArn(long(2000)), name: long(1000) + i, state: 'ALARM', timestamp: long(100) }));
    const event = formatPagerDuty(
      compositeAlert({
        alert: { alarmName: long(255), alarmArn: `${alarmArn('x')}${long(2000)}`, description: long(100_000), reason: long(100_000), composite: { rule: long(100_000), triggeringChildren: children } },
        catalog: { id: long(1000), title: long(5000), meaning: long(50_000), owner: long(50_000), runbookUrl: `https://example.com/${'r'.repeat(5000)}` },
        notes: Array.from({ length: 1000 }, () => long(10_000)),
        history: { summary: long(50_000), firedLast24h: 1, flapping: true },
        links: {
          alarm: `https://example.com/${'a'.repeat(2000)}`,
          resources: Array.from({ length: 1000 }, (_, i) => ({ label: long(5000), url: `https://example.com/${i}/${'p'.repeat(2000)}` })),
          children: [],
        },
      }),
      'trigger',
    );
    expect(() => assertPagerDutyValid(event)).not.toThrow();
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(PAGERDUTY_LIMITS.eventBytes);
  });
});

describe('dedupKeyOf', () => {
  it('is the alarm ARN', () => {
    expect(dedupKeyOf(enrichedAlert().alert)).toBe(alarmArn('ohmycoins-production-ecs-cpu-high'));
  });

  it('is the same for the ALARM and the OK of one alarm, so the trigger and the resolve meet', () => {
    const opened = formatPagerDuty(enrichedAlert(), 'trigger');
    const closed = formatPagerDuty(resolvedAlert(), 'resolve');
    expect(closed.dedup_key).toBe(opened.dedup_key);
    for (const event of [opened, closed]) expect(() => assertPagerDutyValid(event)).not.toThrow();
  });

  it('is the same whether or not the payload carried the ARN', () => {
    const withArn = enrichedAlert().alert;
    const withoutArn = { ...withArn, alarmArn: undefined };
    expect(dedupKeyOf(withoutArn)).toBe(dedupKeyOf(withArn));
  });

  it('is built from partition, account, region and name when there is no ARN', () => {
    expect(dedupKeyOf(minimalAlert().alert)).toBe(
      `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:awsrds-ohmycoins-production-db-High-CPU-Utilization`,
    );
  });

  it('differs between alarms', () => {
    expect(dedupKeyOf(metricMathAlert().alert)).not.toBe(dedupKeyOf(enrichedAlert().alert));
  });

  it('stays within 255 characters for a 255-character alarm name in a long ARN, and stays stable', () => {
    const name = `ohmycoins-production-${'very-long-alarm-name-'.repeat(12)}`.slice(0, 255);
    const arn = `arn:aws-us-gov:cloudwatch:us-gov-west-1:${ACCOUNT}:alarm:${name}`;
    const alert = { ...enrichedAlert().alert, alarmName: name, alarmArn: arn };
    const key = dedupKeyOf(alert);
    expect(name.length).toBe(255);
    expect(key.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.dedupKey);
    expect(dedupKeyOf({ ...alert, state: 'OK' })).toBe(key);
    expect(key.startsWith(`arn:aws-us-gov:cloudwatch:us-gov-west-1:${ACCOUNT}:alarm:ohmycoins-production-`)).toBe(true);
  });

  it('keeps two long names that differ only at the end apart', () => {
    const base = `ohmycoins-production-${'x'.repeat(250)}`;
    const a = { ...enrichedAlert().alert, alarmName: `${base}-a`, alarmArn: alarmArn(`${base}-a`) };
    const b = { ...a, alarmName: `${base}-b`, alarmArn: alarmArn(`${base}-b`) };
    expect(dedupKeyOf(a)).not.toBe(dedupKeyOf(b));
  });
});

describe('text an alarm name smuggles in', () => {
  // Outside the catalog, so the summary shows the alarm name itself.
  const named = (alarmName: string): EnrichedAlert => {
    const e = enrichedAlert();
    return { ...e, catalog: undefined, alert: { ...e.alert, alarmName, alarmArn: alarmArn(alarmName) } };
  };

  it('shows a bidi override in the summary as U+FFFD, so the name cannot read as another', () => {
    const { summary } = trigger(named('ohmycoins-production-\u202eusc-ecs')).payload;
    expect(summary).not.toContain('\u202e');
    expect(summary).toContain('ohmycoins-production-\ufffdusc-ecs');
  });

  it('shows zero-width characters and bidi isolates in the summary and the alarm_name detail as U+FFFD', () => {
    const event = trigger(named('ohmy\u200bcoins-\u2066prod\u2069-\ufeffecs'));
    expect(event.payload.summary).toContain('ohmy\ufffdcoins-\ufffdprod\ufffd-\ufffdecs');
    expect(event.payload.custom_details?.alarm_name).toBe('ohmy\ufffdcoins-\ufffdprod\ufffd-\ufffdecs');
  });

  it('keeps NUL, BEL and ESC out of the summary', () => {
    const { summary } = trigger(named('ohmycoins-production-\u0000ecs\u0007-\u001b[31mred')).payload;
    expect(summary).not.toMatch(/[\u0000\u0007\u001b]/);
    expect(summary).toContain('ohmycoins-production- ecs - [31mred');
  });

  it('gives a dedup_key without CR or LF for a name that has them: a readable prefix and the hash of the ARN', () => {
    const arn = alarmArn('ohmycoins-production-ecs\r\ncpu');
    const alert = { ...enrichedAlert().alert, alarmName: 'ohmycoins-production-ecs\r\ncpu', alarmArn: arn };
    const hash = createHash('sha256').update(arn).digest('hex');

    expect(dedupKeyOf(alert)).toBe(`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:ohmycoins-production-ecs cpu#${hash}`);
    expect(dedupKeyOf({ ...alert, state: 'OK' })).toBe(dedupKeyOf(alert));
  });

  it('keeps two names that differ only in their control characters apart', () => {
    const a = { ...enrichedAlert().alert, alarmArn: alarmArn('ohmycoins-production-ecs\ncpu') };
    const b = { ...a, alarmArn: alarmArn('ohmycoins-production-ecs\rcpu') };
    expect(dedupKeyOf(a)).not.toBe(dedupKeyOf(b));
    expect(dedupKeyOf(a)).not.toBe(alarmArn('ohmycoins-production-ecs cpu'));
  });

  it('leaves the dedup_key of an ordinary ARN exactly as it was (an open incident still resolves)', () => {
    expect(dedupKeyOf(named('ohmycoins-production-ecs-cpu-high').alert)).toBe(`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:ohmycoins-production-ecs-cpu-high`);
    expect(dedupKeyOf(named('ohmycoins production ecs (é) ü').alert)).toBe(`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:ohmycoins production ecs (é) ü`);
  });
});

describe('assertPagerDutyValid', () => {
  it('rejects what the schema and the documented limits reject', () => {
    const bad = {
      routing_key: '<routing-key>',
      event_action: 'trigger',
      dedup_key: 'x'.repeat(256),
      payload: { summary: 's'.repeat(1025), source: 'src', severity: 'fatal' },
    } as unknown as PagerDutyEvent;
    const problems = pagerDutyViolations(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/payload/severity'),
        expect.stringContaining('dedup_key is 256'),
        expect.stringContaining('summary is 1025'),
      ]),
    );
  });
});
