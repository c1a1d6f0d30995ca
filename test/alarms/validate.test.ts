import { describe, expect, it } from 'vitest';
import { CatalogError, catalogFor, defaultCatalog } from '../../src/alarms/index.js';
import { definitionProblems } from '../../src/alarms/validate.js';
import type { AlarmDefinition } from '../../src/alarms/types.js';
import type { AlarmOverride, StageConfig } from '../../src/config/stage.js';
import { staging } from '../../src/config/stages/staging.js';

const withAlarms = (alarms: Record<string, unknown>): StageConfig => ({ ...staging, alarms: alarms as Record<string, AlarmOverride> });

function errorOf(config: StageConfig): CatalogError {
  try {
    catalogFor(config);
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('catalogFor did not throw');
}

const cpu = (): AlarmDefinition => {
  const def = defaultCatalog(staging).find((d) => d.id === 'ecs-cpu-high');
  if (!def) throw new Error('ecs-cpu-high missing');
  return def;
};
const problemsOf = (...defs: AlarmDefinition[]) => definitionProblems(staging, defs);

describe('an invalid stage override fails with the alarm id and the problem', () => {
  it('names an override whose id is not in the catalog', () => {
    expect(errorOf(withAlarms({ 'ecs-cpu-hihg': { threshold: 90 } })).message).toMatch(
      /alarm override "ecs-cpu-hihg": no catalog definition has this id/,
    );
  });

  it('names an unknown field', () => {
    expect(errorOf(withAlarms({ 'ecs-cpu-high': { treshold: 90 } })).message).toMatch(/alarm override "ecs-cpu-high": unknown field "treshold"/);
  });

  it('rejects evaluation periods fewer than the datapoints to alarm', () => {
    expect(errorOf(withAlarms({ 'ecs-cpu-high': { evaluationPeriods: 2 } })).message).toContain(
      'alarm "ecs-cpu-high": evaluationPeriods (2) < datapointsToAlarm (5)',
    );
  });

  it('rejects a threshold that is not a finite number', () => {
    expect(errorOf(withAlarms({ 'rds-cpu-high': { threshold: Number.NaN } })).message).toMatch(
      /alarm override "rds-cpu-high": threshold must be a finite number/,
    );
  });

  it('rejects a severity the router does not know', () => {
    expect(errorOf(withAlarms({ 'alb-5xx': { severity: 'urgent' } })).message).toMatch(
      /alarm override "alb-5xx": severity must be one of critical, warning, info, got "urgent"/,
    );
  });

  it('rejects a percentage threshold above 100', () => {
    expect(errorOf(withAlarms({ 'redis-memory-high': { threshold: 180 } })).message).toContain('alarm "redis-memory-high": threshold 180 % is outside 0–100');
  });

  it('lists every problem at once, under the stage', () => {
    const error = errorOf(withAlarms({ nope: {}, 'alb-5xx': { enabled: 'yes' } }));
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/^Invalid alarm catalog for stage "staging":/);
  });
});

describe('an invalid definition fails with its id and the problem', () => {
  it('rejects a duplicate id', () => {
    expect(problemsOf(cpu(), cpu())).toEqual(['alarm "ecs-cpu-high": id is defined twice']);
  });

  it('rejects an id that is not kebab-case', () => {
    expect(problemsOf({ ...cpu(), id: 'EcsCpu_High', runbook: 'docs/runbooks/EcsCpu_High.md' })).toContain(
      'alarm "EcsCpu_High": id must be kebab-case (lower-case letters and digits joined by single hyphens)',
    );
  });

  it('rejects an alarm name over 255 characters', () => {
    const id = `cpu-${'x'.repeat(240)}`;
    expect(problemsOf({ ...cpu(), id, runbook: `docs/runbooks/${id}.md` }).join('\n')).toMatch(
      new RegExp(`alarm "${id}": alarm name "ohmycoins-staging-${id}" is 262 characters, over CloudWatch's 255`),
    );
  });

  it('rejects a period CloudWatch does not accept', () => {
    expect(problemsOf({ ...cpu(), periodSeconds: 45 })).toEqual(['alarm "ecs-cpu-high": period 45 s is not 10, 20, 30 or a multiple of 60']);
  });

  it('rejects a description over 1024 characters once the runbook link and tag are added', () => {
    expect(problemsOf({ ...cpu(), meaning: `${'Very long. '.repeat(95)}` }).join('\n')).toMatch(
      /alarm "ecs-cpu-high": description is \d+ characters, over CloudWatch's 1024/,
    );
  });

  it('rejects an empty dimension, pointing at the stage resources', () => {
    const def = cpu();
    const metric = { ...def.metric, dimensions: { ClusterName: '', ServiceName: 'svc' } } as AlarmDefinition['metric'];
    expect(problemsOf({ ...def, metric })).toEqual([
      'alarm "ecs-cpu-high": AWS/ECS/CPUUtilization: dimension ClusterName is empty (set it in the stage\'s resources)',
    ]);
  });

  it('accepts the shipped catalog', () => {
    expect(problemsOf(...defaultCatalog(staging))).toEqual([]);
  });
});

describe('an invalid stage configuration fails with the field and the problem', () => {
  it('rejects a load balancer ARN where CloudWatch wants its app/<name>/<id> suffix', () => {
    const config: StageConfig = {
      ...staging,
      resources: { ...staging.resources, loadBalancerFullName: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1a' },
    };
    expect(errorOf(config).message).toMatch(/resources.loadBalancerFullName: ".*" is not of the form app\/<name>\/<id>/);
  });

  it('rejects a runbook base URL without its trailing slash', () => {
    expect(errorOf({ ...staging, runbookBaseUrl: 'https://github.com/ohmycoins/ohmycoins-alerting/blob/main' }).message).toMatch(
      /runbookBaseUrl: .* must be an https URL ending with "\/"/,
    );
  });

  it('rejects an email subscriber that is not an address', () => {
    expect(errorOf({ ...staging, emailSubscribers: ['oncall'] }).message).toContain('emailSubscribers: "oncall" is not an email address');
  });
});
