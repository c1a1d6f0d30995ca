import type { IdentifierField } from './fields.js';

/** The result of reading one Terraform output as one identifier: the value the alarms need, or why not. */
export type Converted = { ok: true; value: string } | { ok: false; problem: string };

const ok = (value: string): Converted => ({ ok: true, value });
const fail = (problem: string): Converted => ({ ok: false, problem });

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

interface Arn {
  service: string;
  region: string;
  resource: string;
}

function parseArn(value: string): Arn | undefined {
  const m = value.match(ARN);
  return m ? { service: m[1]!, region: m[2]!, resource: m[4]! } : undefined;
}

/** An ARN of the wrong service or region is a wiring mistake worth naming, not something to strip silently. */
function fromArn(value: string, service: string, region: string, resource: RegExp, what: string): Converted {
  const arn = parseArn(value);
  if (!arn) return fail(`"${value}" is not an ARN`);
  if (arn.service !== service) return fail(`"${value}" is an ARN of ${arn.service}, expected ${service} (${what})`);
  if (arn.region !== region) return fail(`"${value}" is in region ${arn.region}, the stage is in ${region}`);
  const m = arn.resource.match(resource);
  return m ? ok(m[1]!) : fail(`"${value}" is not the ARN of ${what}`);
}

const NAME = /^[A-Za-z0-9._/-]+$/;

function plainOr(value: string, service: string, region: string, resource: RegExp, what: string, plain = NAME): Converted {
  if (value.startsWith('arn:')) return fromArn(value, service, region, resource, what);
  return plain.test(value) ? ok(value) : fail(`"${value}" is not ${what}`);
}

const LB_SUFFIX = /^(app\/[^/]+\/[0-9a-f]+)$/;
const TG_SUFFIX = /^(targetgroup\/[^/]+\/[0-9a-f]+)$/;

/** One per identifier: what CloudWatch's dimension (or the deep link) wants, from a name, an ARN or a suffix. */
const CONVERTERS: Record<IdentifierField, (value: string, region: string) => Converted> = {
  ecsClusterName: (v, region) => plainOr(v, 'ecs', region, /^cluster\/([^/]+)$/, 'an ECS cluster'),
  // Both ARN formats: the current `service/<cluster>/<name>` and the old `service/<name>`.
  ecsServiceName: (v, region) => plainOr(v, 'ecs', region, /^service\/(?:[^/]+\/)?([^/]+)$/, 'an ECS service'),
  // Metrics name the load balancer by the ARN's suffix, which Terraform also exports as `arn_suffix`.
  loadBalancerFullName: (v, region) => {
    if (/^(?:arn:.*:loadbalancer\/)?net\//.test(v)) return fail(`"${v}" is a Network Load Balancer; the alarms watch an Application Load Balancer`);
    return plainOr(v, 'elasticloadbalancing', region, /^loadbalancer\/(app\/[^/]+\/[0-9a-f]+)$/, 'an Application Load Balancer (app/<name>/<id>)', LB_SUFFIX);
  },
  targetGroupFullName: (v, region) =>
    plainOr(v, 'elasticloadbalancing', region, TG_SUFFIX, 'a target group (targetgroup/<name>/<id>)', TG_SUFFIX),
  dbInstanceIdentifier: (v, region) => plainOr(v, 'rds', region, /^db:([a-z][a-z0-9-]*)$/, 'an RDS DB instance', /^[A-Za-z][A-Za-z0-9-]*$/),
  cacheClusterId: (v, region) => plainOr(v, 'elasticache', region, /^cluster:([a-z0-9-]+)$/, 'an ElastiCache node', /^[A-Za-z0-9-]+$/),
  ecsLogGroup: (v, region) => plainOr(v, 'logs', region, /^log-group:([^:]+)(?::\*)?$/, 'a CloudWatch Logs group'),
};

/**
 * Reads one Terraform output value as an identifier. A list is accepted for the cache node only
 * (`aws_elasticache_replication_group.member_clusters`): its first member in sorted order, the `-001` node.
 */
export function convert(field: IdentifierField, value: unknown, region: string): Converted {
  if (field === 'cacheClusterId' && Array.isArray(value)) {
    const ids = value.filter((v): v is string => typeof v === 'string').sort();
    if (ids.length === 0 || ids.length !== value.length) return fail(`the list ${JSON.stringify(value)} is not a non-empty list of node ids`);
    return convert(field, ids[0], region);
  }
  if (typeof value !== 'string' || value.trim() === '') return fail(`expected a string, got ${JSON.stringify(value) ?? String(value)}`);
  return CONVERTERS[field](value.trim(), region);
}
