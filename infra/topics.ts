import { emailTopicName, notifierRoleName, severityTopicName, pipelineTopicName, WATCHDOG, watchedInSlack } from '../src/alarms/naming.js';
import type { StageConfig } from '../src/config/stage.js';
import { DESTINATIONS } from '../src/destinations/index.js';
import { SEVERITIES, type Stage } from '../src/model/alert.js';
import { ACCOUNT_ID, ACCOUNT_ROOT, getAtt, ref, sub, type CfnResource, type Fragment } from './cfn.js';
import {
  ALERTS_KEY_ALIAS_LOGICAL_ID,
  LOGICAL_IDS,
  emailSubscriptionLogicalId,
  severityTopicLogicalId,
  topicPolicyLogicalId,
} from './names.js';
import { deployedIn } from './pipeline.js';

const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/**
 * Alarms of this account and region only (confused-deputy guard). Deliberately not narrowed to the catalog's
 * name prefix: an alarm named outside the convention (a self-monitoring alarm, say) would then be dropped
 * silently, and a lost alert is worse than an alarm of this account publishing here.
 */
const ALARMS_OF_THIS_ACCOUNT = sub('arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*');

const cloudWatchConditions = {
  StringEquals: { 'aws:SourceAccount': ACCOUNT_ID },
  ArnLike: { 'aws:SourceArn': ALARMS_OF_THIS_ACCOUNT },
};

/**
 * ARNs built from names, not `Ref`/`GetAtt`: the roles and topics depend on the key, so a key policy that
 * referenced them would be a dependency cycle. Roles are matched with `aws:PrincipalArn` (a role's sessions
 * carry the role's ARN there), which also spares KMS and SNS validating principals that do not exist yet.
 */
const roleArn = (stage: Stage, destination: string) =>
  sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${notifierRoleName(stage, destination)}`);
const topicArnByName = (name: string) => sub(`arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${name}`);

/** The notifier roles that publish mail (the `publish-email-topic` capability); no role publishes an alert. */
const mailPublishers = (stage: Stage) =>
  deployedIn(stage, DESTINATIONS).filter((d) => d.capabilities?.includes('publish-email-topic')).map((d) => roleArn(stage, d.name));

/**
 * Key administration, without any use of the key: AWS's "key administrators" statement. The account keeps
 * the key manageable (PutKeyPolicy included, so it can never lock itself out), but an IAM policy alone can
 * no longer let a principal decrypt the secrets the key protects.
 */
const KEY_ADMINISTRATION = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * Every action an SNS topic policy can name. The TLS deny lists them because SNS rejects `sns:*` and `*` in a
 * topic policy ("Policy statement action out of service scope").
 */
const TOPIC_ACTIONS = [
  'sns:AddPermission',
  'sns:DeleteTopic',
  'sns:GetTopicAttributes',
  'sns:ListSubscriptionsByTopic',
  'sns:Publish',
  'sns:RemovePermission',
  'sns:SetTopicAttributes',
  'sns:Subscribe',
];

/**
 * A customer-managed key: CloudWatch alarm actions cannot publish to a topic encrypted with the AWS-managed SNS
 * key, whose policy cannot be changed to let cloudwatch.amazonaws.com use it.
 */
function alertsKey(config: StageConfig): Record<string, CfnResource> {
  const { stage } = config;
  const viaSsm = sub('ssm.${AWS::Region}.amazonaws.com');
  return {
    [LOGICAL_IDS.alertsKey]: {
      Type: 'AWS::KMS::Key',
      Properties: {
        Description: `Encrypts the ohmycoins ${config.stage} alert topics`,
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AccountAdministersKey',
              Effect: 'Allow',
              Principal: { AWS: ACCOUNT_ROOT },
              Action: KEY_ADMINISTRATION,
              Resource: '*',
            },
            {
              // Storing or rotating a SecureString encrypts through SSM; encrypting reveals nothing.
              Sid: 'AccountEncryptsSecretsThroughSsm',
              Effect: 'Allow',
              Principal: { AWS: ACCOUNT_ROOT },
              Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
              Resource: '*',
              Condition: { StringEquals: { 'kms:ViaService': viaSsm } },
            },
            {
              // Each role's own policy still names the parameters it may read (the email role's names none).
              Sid: 'NotifierRolesDecryptSecretsThroughSsm',
              Effect: 'Allow',
              Principal: { AWS: ACCOUNT_ROOT },
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: {
                StringEquals: { 'kms:ViaService': viaSsm },
                ArnEquals: { 'aws:PrincipalArn': [...deployedIn(stage, DESTINATIONS).map((d) => d.name), ...(watchedInSlack(stage) ? [WATCHDOG] : [])].map((n) => roleArn(stage, n)) },
              },
            },
            {
              Sid: 'MailPublishersEncryptThroughSns',
              Effect: 'Allow',
              Principal: { AWS: ACCOUNT_ROOT },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
              Resource: '*',
              Condition: {
                StringEquals: {
                  'kms:ViaService': sub('sns.${AWS::Region}.amazonaws.com'),
                  'kms:EncryptionContext:aws:sns:topicArn': topicArnByName(emailTopicName(stage)),
                },
                ArnEquals: { 'aws:PrincipalArn': mailPublishers(stage) },
              },
            },
            {
              Sid: 'CloudWatchAlarmsEncryptToTopics',
              Effect: 'Allow',
              Principal: { Service: CLOUDWATCH },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
              Condition: cloudWatchConditions,
            },
          ],
        },
      },
    },
    [ALERTS_KEY_ALIAS_LOGICAL_ID]: {
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: `alias/ohmycoins-${config.stage}-alerts`, TargetKeyId: ref(LOGICAL_IDS.alertsKey) },
    },
  };
}

/**
 * Who may publish: CloudWatch alarms of this account, and the roles named. The Deny is what holds: without
 * it, any identity policy of the account granting `sns:Publish` (an admin's, a CI role's) could fake a page,
 * or an OK that resolves a real incident (the dedup_key is the alarm ARN, which anyone can write).
 */
function onlyPublishers(topicArn: unknown, roles: unknown[]) {
  return {
    Sid: 'OnlyCloudWatchAndNamedRolesPublish',
    Effect: 'Deny',
    Principal: '*',
    Action: 'sns:Publish',
    Resource: topicArn,
    Condition: {
      // A key absent from the request makes a negated condition true: a role has no service name, CloudWatch no ARN.
      StringNotEquals: { 'aws:PrincipalServiceName': CLOUDWATCH },
      ...(roles.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': roles } } : {}),
    },
  };
}

function topic(logicalId: string, name: string, displayName: string, publishers: unknown[]): Record<string, CfnResource> {
  const topicArn = ref(logicalId);
  return {
    [logicalId]: {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: name, DisplayName: displayName, KmsMasterKeyId: getAtt(LOGICAL_IDS.alertsKey, 'Arn') },
    },
    [topicPolicyLogicalId(logicalId)]: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [topicArn],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'CloudWatchAlarmsPublish',
              Effect: 'Allow',
              Principal: { Service: CLOUDWATCH },
              Action: 'sns:Publish',
              Resource: topicArn,
              Condition: cloudWatchConditions,
            },
            // The roles named publish with their own policies (same account: no Allow needed here).
            onlyPublishers(topicArn, publishers),
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: TOPIC_ACTIONS,
              Resource: topicArn,
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  };
}

/** The KMS key, one topic per severity, the email topic with its subscribers, and their outputs. */
export function topicResources(config: StageConfig): Fragment {
  const { stage } = config;
  const severityTopics = SEVERITIES.map((severity) =>
    topic(severityTopicLogicalId(severity), severityTopicName(stage, severity), `ohmycoins ${stage} ${severity}`, []),
  );
  const emailTopic = topic(LOGICAL_IDS.emailTopic, emailTopicName(stage), `ohmycoins ${stage} alerts`, mailPublishers(stage));
  const subscriptions = Object.fromEntries(
    config.emailSubscribers.map((address): [string, CfnResource] => [
      emailSubscriptionLogicalId(address),
      { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'email', Endpoint: address, TopicArn: ref(LOGICAL_IDS.emailTopic) } },
    ]),
  );

  const topics: Array<[logicalId: string, description: string]> = [
    ...SEVERITIES.map((s): [string, string] => [severityTopicLogicalId(s), `SNS topic of ${stage}'s ${s} alarms`]),
    [LOGICAL_IDS.emailTopic, `SNS topic of ${stage}'s alert mails`],
  ];
  const topicOutputs = Object.fromEntries(topics.map(([id, description]) => [`${id}Arn`, { Description: description, Value: ref(id) }]));

  // Only CloudWatch publishes the pipeline's own alarms here.
  const pipelineTopic = watchedInSlack(stage) ? topic(LOGICAL_IDS.pipelineTopic, pipelineTopicName(stage), `ohmycoins ${stage} pipeline alarms`, []) : {};
  return {
    Resources: Object.assign({}, alertsKey(config), ...severityTopics, emailTopic, pipelineTopic, subscriptions),
    Outputs: { ...topicOutputs, AlertsKeyArn: { Description: 'KMS key of the alert topics', Value: getAtt(LOGICAL_IDS.alertsKey, 'Arn') } },
  };
}
