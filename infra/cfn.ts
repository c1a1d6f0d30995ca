/** The little of CloudFormation's template language the infra modules write. */

export type Intrinsic =
  | { Ref: string }
  | { 'Fn::GetAtt': [string, string] }
  | { 'Fn::Sub': string };

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
}

export interface CfnOutput {
  Description: string;
  Value: unknown;
}

/** A slice of a template; buildResources merges them. */
export interface Fragment {
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, CfnOutput>;
}

export const ref = (logicalId: string): Intrinsic => ({ Ref: logicalId });
export const getAtt = (logicalId: string, attribute: string): Intrinsic => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const sub = (template: string): Intrinsic => ({ 'Fn::Sub': template });

export const ACCOUNT_ROOT = sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root');
export const ACCOUNT_ID = ref('AWS::AccountId');

/** Merges fragments; a logical id defined twice is a programming error, not something to silently overwrite. */
export function merge(...fragments: Array<Partial<Fragment>>): Fragment {
  const out: Fragment = { Resources: {}, Outputs: {} };
  for (const f of fragments) {
    for (const section of ['Resources', 'Outputs'] as const) {
      for (const [id, value] of Object.entries(f[section] ?? {})) {
        if (id in out[section]) throw new Error(`CloudFormation ${section} logical id "${id}" is defined twice`);
        (out[section] as Record<string, unknown>)[id] = value;
      }
    }
  }
  return out;
}
