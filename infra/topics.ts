import { emailTopicName, severityTopicName } from '../src/alarms/naming.js';
import type { StageConfig } from '../src/config/stage.js';
import { SEVERITIES } from '../src/model/alert.js';
import { ACCOUNT_ID, ACCOUNT_ROOT, getAtt, ref, sub, type CfnResource, type Fragment } from './cfn.js';
import {
  ALERTS_KEY_ALIAS_LOGICAL_ID,
  LOGICAL_IDS,
  emailSubscriptionLogicalId,
  severityTopicLogicalId,
  topicPolicyLogicalId,
} from './names.js';

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
              // Without this the key could become unmanageable; it also lets IAM policies (the notifier
              // functions' roles) grant use of the key.
              Sid: 'AccountAdministersKey',
              Effect: 'Allow',
              Principal: { AWS: ACCOUNT_ROOT },
              Action: 'kms:*',
              Resource: '*',
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

function topic(logicalId: string, name: string, displayName: string): Record<string, CfnResource> {
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
            {
              // The account root as principal delegates to IAM: the notifier roles publish with their own policies.
              Sid: 'AccountPrincipalsPublish',
              Effect: 'Allow',
              Principal: { AWS: ACCOUNT_ROOT },
              Action: 'sns:Publish',
              Resource: topicArn,
            },
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
    topic(severityTopicLogicalId(severity), severityTopicName(stage, severity), `ohmycoins ${stage} ${severity}`),
  );
  const emailTopic = topic(LOGICAL_IDS.emailTopic, emailTopicName(stage), `ohmycoins ${stage} alerts`);
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

  return {
    Resources: Object.assign({}, alertsKey(config), ...severityTopics, emailTopic, subscriptions),
    Outputs: { ...topicOutputs, AlertsKeyArn: { Description: 'KMS key of the alert topics', Value: getAtt(LOGICAL_IDS.alertsKey, 'Arn') } },
  };
}
