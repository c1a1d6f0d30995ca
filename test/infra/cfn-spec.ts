/**
 * Checks a CloudFormation template against the AWS resource specification that @aws-cdk/aws-service-spec ships
 * (the same database the CDK generates its L1 constructs from): resource types exist, properties exist and have
 * the right shape, required properties are present. Intrinsic functions are accepted wherever a value goes.
 */
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, SpecDatabase } from '@aws-cdk/service-spec-types';

const RESOURCE_ATTRIBUTES = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'UpdatePolicy',
  'CreationPolicy',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isIntrinsic = (v: unknown): boolean => {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition');
};

export class SpecChecker {
  private constructor(private readonly db: SpecDatabase) {}

  static async load(): Promise<SpecChecker> {
    return new SpecChecker(await loadAwsServiceSpec());
  }

  resource(type: string): Resource | undefined {
    return this.db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
  }

  /** Every problem of the template's resources, as `LogicalId.Path: problem`. */
  templateProblems(template: { Resources: Record<string, object> }): string[] {
    return Object.entries(template.Resources).flatMap(([id, resource]) => this.resourceProblems(id, resource as Record<string, unknown>));
  }

  resourceProblems(logicalId: string, resource: Record<string, unknown>): string[] {
    const problems: string[] = [];
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_ATTRIBUTES.has(key)) problems.push(`${logicalId}: unknown resource attribute "${key}"`);
    }
    const type = resource.Type;
    if (typeof type !== 'string') return [...problems, `${logicalId}: no Type`];
    if (type.startsWith('Custom::')) return problems;
    const spec = this.resource(type);
    if (!spec) return [...problems, `${logicalId}: resource type ${type} is not in the CloudFormation specification`];
    const properties = resource.Properties ?? {};
    if (!isObject(properties)) return [...problems, `${logicalId}.Properties: must be an object`];
    return [...problems, ...this.objectProblems(`${logicalId}(${type})`, properties, spec.properties)];
  }

  private objectProblems(path: string, value: Record<string, unknown>, properties: Resource['properties']): string[] {
    const problems: string[] = [];
    for (const [name, v] of Object.entries(value)) {
      const property = properties[name];
      if (!property) problems.push(`${path}.${name}: no such property (known: ${Object.keys(properties).join(', ')})`);
      else problems.push(...this.valueProblems(`${path}.${name}`, v, property.type));
    }
    for (const [name, property] of Object.entries(properties)) {
      if (property.required && !(name in value)) problems.push(`${path}.${name}: required property missing`);
    }
    return problems;
  }

  private valueProblems(path: string, value: unknown, type: PropertyType): string[] {
    if (isIntrinsic(value)) return [];
    const wrong = (expected: string) => [`${path}: expected ${expected}, got ${JSON.stringify(value)?.slice(0, 80)}`];
    switch (type.type) {
      case 'string':
      case 'date-time':
        return typeof value === 'string' || typeof value === 'number' ? [] : wrong('a string');
      case 'number':
        return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) ? [] : wrong('a number');
      case 'integer':
        return Number.isInteger(typeof value === 'string' ? Number(value) : value) ? [] : wrong('an integer');
      case 'boolean':
        return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : wrong('a boolean');
      case 'json':
        return [];
      case 'null':
        return value === null ? [] : wrong('null');
      case 'tag':
        return isObject(value) && 'Key' in value && 'Value' in value ? [] : wrong('a {Key, Value} tag');
      case 'array':
        return Array.isArray(value) ? value.flatMap((v, i) => this.valueProblems(`${path}[${i}]`, v, type.element)) : wrong('an array');
      case 'map':
        return isObject(value) ? Object.entries(value).flatMap(([k, v]) => this.valueProblems(`${path}.${k}`, v, type.element)) : wrong('a map');
      case 'ref': {
        const definition = this.db.get('typeDefinition', type.reference.$ref);
        return isObject(value) ? this.objectProblems(`${path}(${definition.name})`, value, definition.properties) : wrong(`a ${definition.name} object`);
      }
      case 'union': {
        const results = type.types.map((t) => this.valueProblems(path, value, t));
        return results.some((r) => r.length === 0) ? [] : (results[0] ?? []);
      }
      default:
        return [`${path}: unhandled specification type ${JSON.stringify(type)}`];
    }
  }
}
