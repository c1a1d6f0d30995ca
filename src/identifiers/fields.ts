import { ssmPrefix } from '../alarms/naming.js';
import type { StageResources } from '../config/stage.js';
import type { Stage } from '../model/alert.js';

export type IdentifierField = keyof StageResources;

/** Where one identifier comes from (a Terraform output, an SSM parameter) and which dimension carries it. */
export interface FieldSource {
  /** The Terraform output `npm run stage:import` reads unless `--map` names another. */
  output: string;
  /** Last segment of the SSM parameter the core stack writes (`<ssm prefix>/core/<parameter>`). */
  parameter: string;
  /** The CloudWatch dimension whose value this identifier is; the log group is a link, not a dimension. */
  dimension?: string;
  /** What the output or parameter holds, for errors and docs. */
  expects: string;
}

export const FIELDS: Record<IdentifierField, FieldSource> = {
  ecsClusterName: { output: 'ecs_cluster_name', parameter: 'ecs-cluster-name', dimension: 'ClusterName', expects: 'cluster name or ARN' },
  ecsServiceName: { output: 'ecs_service_name', parameter: 'ecs-service-name', dimension: 'ServiceName', expects: 'service name or ARN' },
  loadBalancerFullName: {
    output: 'alb_arn',
    parameter: 'alb-arn-suffix',
    dimension: 'LoadBalancer',
    expects: 'ALB ARN or its suffix app/<name>/<id>',
  },
  targetGroupFullName: {
    output: 'target_group_arn',
    parameter: 'target-group-arn-suffix',
    dimension: 'TargetGroup',
    expects: 'target group ARN or its suffix targetgroup/<name>/<id>',
  },
  dbInstanceIdentifier: {
    output: 'db_instance_identifier',
    parameter: 'db-instance-identifier',
    dimension: 'DBInstanceIdentifier',
    expects: 'DB instance identifier or ARN',
  },
  cacheClusterId: {
    output: 'cache_cluster_id',
    parameter: 'cache-cluster-id',
    dimension: 'CacheClusterId',
    expects: 'cache node id, ARN, or a replication group member list',
  },
  ecsLogGroup: { output: 'ecs_log_group_name', parameter: 'ecs-log-group-name', expects: 'log group name or ARN' },
};

export const IDENTIFIER_FIELDS = Object.keys(FIELDS) as IdentifierField[];

export const isIdentifierField = (name: string): name is IdentifierField => Object.hasOwn(FIELDS, name);

/** The SSM parameter the core stack writes for one identifier of a stage. */
export const identifierParameter = (stage: Stage, field: IdentifierField): string => `${ssmPrefix(stage)}/core/${FIELDS[field].parameter}`;
