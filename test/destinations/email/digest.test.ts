import { describe, expect, it } from 'vitest';
import { EMAIL_LIMITS } from '../../../src/destinations/email/format.js';
import { formatEmailDigest } from '../../../src/destinations/email/digest.js';
import { consoleLinks, STORM_WINDOW, stormNotification } from '../../support/fixtures.js';

const WINDOW = STORM_WINDOW;
const notification = stormNotification;

describe('formatEmailDigest', () => {
  const alerts = [
    notification('rds-cpu-high', 'warning', 'ALARM', 1, 'OK'),
    notification('ecs-no-running-tasks', 'critical', 'ALARM', 1, 'OK'),
    notification('redis-memory-high', 'warning', 'ALARM', 0, 'OK'),
    notification('redis-memory-high', 'warning', 'OK', 3, 'ALARM'),
    notification('alb-5xx', 'critical', 'ALARM', 0, 'OK'),
    notification('alb-5xx', 'critical', 'OK', 1, 'ALARM'),
    notification('alb-5xx', 'critical', 'ALARM', 2, 'OK'),
  ];
  const mail = formatEmailDigest(alerts, 'production', WINDOW);

  it('says in the subject that this is a storm, how bad, and what it amounts to', () => {
    expect(mail.Subject).toBe('STORM [critical] production: 2 firing, 1 recovered, 1 flapping');
  });

  it('lists each alarm once under what it amounts to, with its console link', () => {
    expect(mail.Message).toContain('Firing (2)');
    expect(mail.Message).toContain('Flapping (1)');
    expect(mail.Message).toContain('  * [critical] Title alb-5xx: 3 changes, now ALARM');
    expect(mail.Message).toContain('Recovered (1)');
    expect(mail.Message.match(/Title redis-memory-high/g)).toHaveLength(1);
    expect(mail.Message).toContain(consoleLinks.alarm('ohmycoins-production-alb-5xx'));
  });

  it('stays a readable mail for a thousand alerts: the rest are counted, the subject is within SNS limits', () => {
    const many = Array.from({ length: 1000 }, (_, i) => notification(`alarm-${i}`, i % 3 ? 'warning' : 'critical', 'ALARM', i % 6, 'OK'));
    const big = formatEmailDigest(many, 'production', WINDOW);
    expect(big.Subject.length).toBeLessThanOrEqual(EMAIL_LIMITS.subject);
    expect(big.Subject).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(big.Message).toContain('...and 950 more');
    expect(Buffer.byteLength(big.Message)).toBeLessThanOrEqual(EMAIL_LIMITS.bodyBytes);
  });
});
