import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/alarms/index.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { DEFAULT_TIMING, planFire, UsageError } from '../../src/fire/plan.js';

const refusal = (argv: string[]): string => {
  try {
    planFire(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`planFire(${argv.join(' ')}) did not refuse`);
};

describe('planFire', () => {
  it('fires one staging alarm in ALARM without waiting by default', () => {
    const plan = planFire(['--stage', 'staging', '--alarm', 'rds-storage-low']);
    expect(plan).toMatchObject({ stage: 'staging', state: 'ALARM', wait: false, all: false, timing: DEFAULT_TIMING });
    expect(plan.alarms.map((d) => d.id)).toEqual(['rds-storage-low']);
  });

  it('takes --state OK, --wait and the timings in seconds', () => {
    const plan = planFire(['--stage', 'staging', '--alarm', 'rds-storage-low', '--state', 'OK', '--wait', '--timeout', '60', '--settle', '5']);
    expect(plan).toMatchObject({ state: 'OK', wait: true, timing: { pollMs: DEFAULT_TIMING.pollMs, timeoutMs: 60_000, settleMs: 5_000 } });
  });

  it('walks every enabled alarm of the stage with --all, always waiting', () => {
    const plan = planFire(['--stage', 'staging', '--all']);
    const enabled = catalogFor(stageConfig('staging')).filter((d) => d.enabled);
    expect(plan.alarms.map((d) => d.id)).toEqual(enabled.map((d) => d.id));
    expect(plan.alarms.map((d) => d.id)).not.toContain('alb-p99-latency-high');
    expect(plan.wait).toBe(true);
  });

  it('refuses production without --yes-page-production and says who would be paged', () => {
    const message = refusal(['--stage', 'production', '--alarm', 'alb-5xx']);
    expect(message).toContain('refusing to fire in production without --yes-page-production.');
    expect(message).toContain('alb-5xx is critical: its ALARM goes to pagerduty:ohmycoins-production, #alerts-critical, ohmycoins-production-alerts-email.');
    expect(message).toContain('PagerDuty pages the on-call engineer right away');
    expect(message).toContain('--stage staging');
  });

  it('refuses production --all too, counting the alarms that page', () => {
    expect(refusal(['--stage', 'production', '--all'])).toMatch(/A production test fire is a real alert: \d+ alarms, \d+ of them paging\./);
  });

  it('fires in production when told --yes-page-production', () => {
    expect(planFire(['--stage', 'production', '--alarm', 'alb-5xx', '--yes-page-production']).stage).toBe('production');
  });

  it('lists the valid alarm ids when the id is unknown', () => {
    const message = refusal(['--stage', 'staging', '--alarm', 'cpu']);
    expect(message).toMatch(/^unknown alarm id "cpu"\. Alarms in staging:\n {2}ecs-cpu-high {2}\(warning\)\n/);
    expect(message).toContain('  rds-storage-low  (critical)');
  });

  it('explains that a disabled alarm has nothing to fire', () => {
    expect(refusal(['--stage', 'staging', '--alarm', 'alb-p99-latency-high'])).toBe(
      'alb-p99-latency-high is disabled in staging (src/config/stages/staging.ts), so no CloudWatch alarm exists to fire',
    );
  });

  it.each([
    [['--alarm', 'alb-5xx'], /^--stage is required/],
    [['--stage', 'dev', '--alarm', 'alb-5xx'], /^unknown stage "dev"/],
    [['--stage', 'staging'], /^name an alarm \(--alarm <id>\) or --all\./],
    [['--stage', 'staging', '--alarm', 'alb-5xx', '--all'], /^--alarm and --all exclude each other$/],
    [['--stage', 'staging', '--alarm', 'alb-5xx', '--state', 'INSUFFICIENT_DATA'], /^--state is ALARM or OK/],
    [['--stage', 'staging', '--all', '--state', 'OK'], /^--all fires ALARM and sets each alarm back to OK itself/],
    [['--stage', 'staging', '--alarm', 'alb-5xx', '--timeout', 'soon'], /^--timeout wants a number of seconds/],
    [['--stage', 'staging', '--alarm', 'alb-5xx', '--verbose'], /Unknown option '--verbose'/],
  ])('refuses %j', (argv, message) => {
    expect(refusal(argv)).toMatch(message);
  });
});
