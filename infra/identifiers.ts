import type { StageConfig } from '../src/config/stage.js';
import { FIELDS, IDENTIFIER_FIELDS, identifierParameter, type IdentifierField } from '../src/identifiers/fields.js';
import type { Fragment } from './cfn.js';

export interface CfnParameter {
  Type: string;
  Default: string;
  Description: string;
}

export type FragmentWithParameters = Fragment & { Parameters?: Record<string, CfnParameter> };

/** `loadBalancerFullName` → `CoreLoadBalancerFullName`. */
export const identifierParameterId = (field: IdentifierField): string => `Core${field.charAt(0).toUpperCase()}${field.slice(1)}`;

/** The fields that are a dimension, keyed by dimension name. */
const BY_DIMENSION = new Map(IDENTIFIER_FIELDS.flatMap((f) => (FIELDS[f].dimension ? [[FIELDS[f].dimension!, f] as const] : [])));

type Used = Set<IdentifierField>;

/** Every `{ Name, Value }` dimension whose value is the file's identifier becomes a Ref to its parameter. */
function refDimensions(node: unknown, config: StageConfig, used: Used): unknown {
  if (Array.isArray(node)) return node.map((n) => refDimensions(n, config, used));
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const field = typeof o.Name === 'string' ? BY_DIMENSION.get(o.Name) : undefined;
  if (field && Object.keys(o).length === 2 && o.Value === config.resources[field]) {
    used.add(field);
    return { Name: o.Name, Value: { Ref: identifierParameterId(field) } };
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, refDimensions(v, config, used)]));
}

/**
 * A dashboard row names a dimension and then its value (`[namespace, metric, "LoadBalancer", "app/…", {…}]`):
 * those values become `${Parameter}` in an Fn::Sub of the body. A `${` already in the body is escaped.
 */
function subDashboardBody(body: string, config: StageConfig, used: Used): unknown {
  // A placeholder JSON cannot contain unescaped, swapped for `${Parameter}` once the body is text again.
  const mark = (id: string) => `\u0000${id}\u0000`;
  let replaced = false;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.map((cell, i) => {
        const field = typeof node[i - 1] === 'string' ? BY_DIMENSION.get(node[i - 1] as string) : undefined;
        if (!field || cell !== config.resources[field]) return walk(cell);
        used.add(field);
        replaced = true;
        return mark(identifierParameterId(field));
      });
    }
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  const text = JSON.stringify(walk(JSON.parse(body)));
  if (!replaced) return body;
  return { 'Fn::Sub': text.replaceAll('${', '${!').replace(/\\u0000(\w+)\\u0000/g, '${$1}') };
}

/**
 * With `identifiers: 'ssm'`, the deployed alarms and dashboard take the core stack's identifiers from the SSM
 * parameters it writes, as CloudFormation parameters of type AWS::SSM::Parameter::Value<String>: CloudFormation
 * reads them at every deploy, while `sls package` stays offline and the file's values stay the ones the
 * catalog validates. With `file` (the default) the fragment is returned unchanged.
 */
export function identifiersAtDeploy(config: StageConfig, fragment: Fragment): FragmentWithParameters {
  if ((config.identifiers ?? 'file') === 'file') return fragment;
  const used: Used = new Set();
  const Resources = Object.fromEntries(
    Object.entries(fragment.Resources).map(([id, r]) => {
      if (r.Type === 'AWS::CloudWatch::Alarm') return [id, { ...r, Properties: refDimensions(r.Properties, config, used) }];
      if (r.Type === 'AWS::CloudWatch::Dashboard' && typeof r.Properties.DashboardBody === 'string') {
        return [id, { ...r, Properties: { ...r.Properties, DashboardBody: subDashboardBody(r.Properties.DashboardBody, config, used) } }];
      }
      return [id, r];
    }),
  ) as Fragment['Resources'];
  const Parameters = Object.fromEntries(
    IDENTIFIER_FIELDS.filter((f) => used.has(f)).map((f) => [
      identifierParameterId(f),
      {
        Type: 'AWS::SSM::Parameter::Value<String>',
        Default: identifierParameter(config.stage, f),
        Description: `${f}: the ${FIELDS[f].dimension} dimension of the core stack's resource, read from SSM at deploy time`,
      },
    ]),
  );
  return { ...fragment, Resources, Parameters };
}
