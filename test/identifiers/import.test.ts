import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importStage } from '../../src/identifiers/import.js';
import { DEFAULT_OUTPUT_MAP, IdentifierImportError, identifiersFromOutputs, outputMap } from '../../src/identifiers/outputs.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/terraform');
const read = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const out = (value: unknown) => ({ sensitive: false, type: 'string', value });

/** Staging's outputs as the core stack prints them, by hand: ARNs for the ALB, target group and service. */
const STAGING = {
  ecsClusterName: 'ohmycoins-staging',
  ecsServiceName: 'ohmycoins-staging-backend',
  loadBalancerFullName: 'app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31',
  targetGroupFullName: 'targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70',
  dbInstanceIdentifier: 'ohmycoins-staging-db',
  cacheClusterId: 'ohmycoins-staging-redis-001',
  ecsLogGroup: '/ecs/ohmycoins-staging-backend',
};

const problemsOf = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof IdentifierImportError) return error.problems;
    throw error;
  }
  throw new Error('expected an IdentifierImportError');
};

describe('identifiersFromOutputs', () => {
  it('turns the documented outputs into the forms the metrics need', () => {
    expect(identifiersFromOutputs(read('staging-outputs.json'), DEFAULT_OUTPUT_MAP, 'eu-west-1')).toEqual(STAGING);
  });

  it('keeps the ARN suffixes Terraform exports as arn_suffix as they are', () => {
    const outputs = {
      ...(read('staging-outputs.json') as object),
      alb_arn: out('app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31'),
      target_group_arn: out('targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70'),
    };
    expect(identifiersFromOutputs(outputs, DEFAULT_OUTPUT_MAP, 'eu-west-1')).toEqual(STAGING);
  });

  it('reads other output names through --map <output>=<field>', () => {
    const { alb_arn, ...rest } = read('staging-outputs.json') as Record<string, unknown>;
    const outputs = { ...rest, lb_arn_suffix: out('app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31') };
    expect(alb_arn).toBeDefined();
    const map = outputMap(['lb_arn_suffix=loadBalancerFullName']);
    expect(identifiersFromOutputs(outputs, map, 'eu-west-1')).toEqual(STAGING);
  });

  it('names a missing output, the field it feeds and how to map another', () => {
    const { target_group_arn, ...rest } = read('staging-outputs.json') as Record<string, unknown>;
    expect(target_group_arn).toBeDefined();
    expect(problemsOf(() => identifiersFromOutputs(rest, DEFAULT_OUTPUT_MAP, 'eu-west-1'))).toEqual([
      'output "target_group_arn" (for targetGroupFullName, the target group ARN or its suffix targetgroup/<name>/<id>) is missing, ' +
        'or name the output that holds it with --map <output>=targetGroupFullName',
    ]);
  });

  it('names a mapped output the file does not have', () => {
    const map = outputMap(['lb_arn_suffix=loadBalancerFullName']);
    expect(problemsOf(() => identifiersFromOutputs(read('staging-outputs.json'), map, 'eu-west-1'))).toEqual([
      'output "lb_arn_suffix" (for loadBalancerFullName, the ALB ARN or its suffix app/<name>/<id>) is missing',
    ]);
  });

  it('refuses an unknown field, a field mapped twice and a malformed --map', () => {
    expect(problemsOf(() => outputMap(['lb=loadBalancer', 'a=ecsClusterName', 'b=ecsClusterName', 'nothing']))).toEqual([
      expect.stringContaining('--map "lb=loadBalancer": unknown field "loadBalancer" (fields: ecsClusterName, '),
      '--map "b=ecsClusterName": ecsClusterName is mapped twice',
      '--map "nothing": expected <terraform output>=<field>, e.g. lb_arn=loadBalancerFullName',
    ]);
  });

  it('names each output whose value is not the identifier it feeds', () => {
    const outputs = {
      ...(read('staging-outputs.json') as object),
      alb_arn: out('arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/ohmycoins-staging-nlb/0123456789abcdef'),
      target_group_arn: out('arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70'),
      db_instance_identifier: out(42),
      ecs_cluster_name: out('arn:aws:rds:eu-west-1:123456789012:db:ohmycoins-staging-db'),
    };
    expect(problemsOf(() => identifiersFromOutputs(outputs, DEFAULT_OUTPUT_MAP, 'eu-west-1'))).toEqual([
      'output "ecs_cluster_name" (for ecsClusterName): "arn:aws:rds:eu-west-1:123456789012:db:ohmycoins-staging-db" is an ARN of rds, expected ecs (an ECS cluster)',
      'output "alb_arn" (for loadBalancerFullName): "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/ohmycoins-staging-nlb/0123456789abcdef" ' +
        'is a Network Load Balancer; the alarms watch an Application Load Balancer',
      'output "target_group_arn" (for targetGroupFullName): "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70" ' +
        'is in region us-east-1, the stage is in eu-west-1',
      'output "db_instance_identifier" (for dbInstanceIdentifier): expected a string, got 42',
    ]);
  });

  it('refuses a service ARN of another cluster', () => {
    const outputs = {
      ...(read('staging-outputs.json') as object),
      ecs_service_name: out('arn:aws:ecs:eu-west-1:123456789012:service/ohmycoins-production/ohmycoins-staging-backend'),
    };
    expect(problemsOf(() => identifiersFromOutputs(outputs, DEFAULT_OUTPUT_MAP, 'eu-west-1'))).toEqual([
      'output "ecs_service_name": the service is in cluster "ohmycoins-production", not in "ohmycoins-staging"',
    ]);
  });

  it('takes the -001 node of a replication group member list and accepts plain ARNs of the others', () => {
    const outputs = {
      ...(read('staging-outputs.json') as object),
      cache_cluster_id: out(['ohmycoins-staging-redis-003', 'ohmycoins-staging-redis-001', 'ohmycoins-staging-redis-002']),
      ecs_cluster_name: out('arn:aws:ecs:eu-west-1:123456789012:cluster/ohmycoins-staging'),
      db_instance_identifier: out('arn:aws:rds:eu-west-1:123456789012:db:ohmycoins-staging-db'),
      ecs_log_group_name: out('arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/ohmycoins-staging-backend:*'),
    };
    expect(identifiersFromOutputs(outputs, DEFAULT_OUTPUT_MAP, 'eu-west-1')).toEqual(STAGING);
  });

  it('refuses a file that is not what terraform output -json prints', () => {
    expect(problemsOf(() => identifiersFromOutputs([], DEFAULT_OUTPUT_MAP, 'eu-west-1'))).toEqual([
      'the outputs file is not a JSON object of outputs (expected what `terraform output -json` prints)',
    ]);
    expect(problemsOf(() => identifiersFromOutputs({ alb_arn: 'app/x/1' }, DEFAULT_OUTPUT_MAP, 'eu-west-1'))).toEqual([
      'output "alb_arn" has no "value" (expected what `terraform output -json` prints)',
    ]);
  });
});

describe('importStage', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes a typed module with a header naming its source and time', () => {
    const root = mkdtempSync(join(tmpdir(), 'import-'));
    dirs.push(root);
    const outputsFile = join(root, 'outputs.json');
    writeFileSync(outputsFile, readFileSync(join(FIXTURES, 'staging-outputs.json')));
    const stages = join(root, 'src/config/stages');
    mkdirSync(stages, { recursive: true });
    const { path } = importStage({ root, stage: 'staging', region: 'eu-west-1', outputsFile, maps: [], now: new Date('2026-03-02T10:20:30.000Z') });
    expect(path).toBe(join(stages, 'staging.identifiers.ts'));
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '// Generated by `npm run stage:import`; do not edit: re-run the import when the core stack changes.',
      expect.stringMatching(/^\/\/ Source: outputs\.json \(terraform output -json, sha256 [0-9a-f]{16}\)$/),
      '// Generated at: 2026-03-02T10:20:30.000Z',
    ]);
    expect(text).toContain("export const resources: StageResources = {\n  ecsClusterName: 'ohmycoins-staging',\n");
    expect(text).toContain("  loadBalancerFullName: 'app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31',\n");
  });
});
