import { describe, expect, it } from 'vitest';
import type { AlarmState, AlertKind } from '../../src/model/alert.js';
import { parseEvent } from '../../src/parse/index.js';
import { CORPUS_FILES, loadCorpusEvent } from '../support/corpus.js';

/**
 * Every file of the payload corpus (test/fixtures/corpus) through `parseEvent`: what each one must come out as.
 * Files are other projects' captures and fixtures, so some carry placeholders (`EXAMPLE`, `<region>`) and come
 * out with empty region or account; a new corpus file fails "has an expectation" until it is classified here.
 */

interface AlarmExpectation {
  kind: AlertKind;
  alarm: string;
  state: AlarmState;
  region: string;
  account: string;
}
type Expectation = AlarmExpectation | { fallback: string };

const alarm = (kind: AlertKind, name: string, state: AlarmState, region: string, account: string): Expectation => ({
  kind,
  alarm: name,
  state,
  region,
  account,
});
const fallback = (problem: string): Expectation => ({ fallback: problem });

const CONFIG_CHANGE = fallback('CloudWatch Alarm Configuration Change event from aws.cloudwatch, not an alarm state change');
const PLAIN_TEXT = fallback('not JSON: plain text');
const GUARDDUTY = fallback('EventBridge event "GuardDuty Finding", not a CloudWatch alarm');
const CODEPIPELINE_STAGE = fallback('JSON from aws.codepipeline, not a CloudWatch alarm (CodePipeline Stage Execution State Change)');
const ECS_TASK = fallback('JSON from aws.ecs, not a CloudWatch alarm (ECS Task State Change)');

const EXPECTED: Record<string, Expectation[]> = {
  'PRX-Infrastructure__history_data.json': [
    fallback('alarm history record (DescribeAlarmHistory HistoryData), not an alarm notification: it names no alarm'),
  ],
  'PRX-Infrastructure__test_event.json': [alarm('metric', 'awsrds-app-High-DB-Connections', 'ALARM', 'us-west-2', '123456789123')],
  'alarm-context-tool__DynamoDB.json': [
    alarm('metric', 'ApplicationInsights/films-prod_resource_group/AWS/DynamoDB/ConsumedReadCapacityUnits/Movies/', 'ALARM', 'us-east-1', '180304385487'),
  ],
  // AlarmArn, Region and TopicArn are placeholders: region (and here account) stay unknown.
  'aws-lambda-go__cloudwatch-alarm-sns-payload-multiple-metrics.sns-lambda-event.json': [alarm('metric-math', 'EXAMPLE', 'ALARM', '', '')],
  'aws-lambda-go__cloudwatch-alarm-sns-payload-single-metric.sns-lambda-event.json': [alarm('metric', 'EXAMPLE', 'ALARM', '', '123456789012')],
  'aws-to-slack__codepipeline-approval.ApprovalRequest.json': [
    fallback('JSON without AlarmName or NewStateValue, not a CloudWatch alarm (keys: region, consoleLink, approval)'),
  ],
  'aws-to-slack__codepipeline.StateChange.ManualApproval.json': [
    fallback('JSON from aws.codepipeline, not a CloudWatch alarm (CodePipeline Action Execution State Change)'),
  ],
  'awsdocs-cloudwatch-user-guide__eventbridge__creation-of-a-composite-alarm-with-a-suppressor-alarm.json': [CONFIG_CHANGE],
  'awsdocs-cloudwatch-user-guide__eventbridge__creation-of-a-composite-alarm.json': [CONFIG_CHANGE],
  'awsdocs-cloudwatch-user-guide__eventbridge__deletion-of-a-composite-alarm-with-a-suppressor-alarm.json': [CONFIG_CHANGE],
  'awsdocs-cloudwatch-user-guide__eventbridge__deletion-of-a-metric-math-alarm.json': [CONFIG_CHANGE],
  'awsdocs-cloudwatch-user-guide__eventbridge__state-change-for-a-composite-alarm-with-a-suppressor-alarm.json': [
    alarm('composite', 'ServiceAggregatedAlarm', 'ALARM', 'us-east-1', '123456789012'),
  ],
  'awsdocs-cloudwatch-user-guide__eventbridge__state-change-for-a-metric-math-alarm.json': [
    alarm('metric-math', 'TotalNetworkTrafficTooHigh', 'ALARM', 'us-east-1', '123456789012'),
  ],
  'awsdocs-cloudwatch-user-guide__eventbridge__state-change-for-a-single-metric-alarm.json': [
    alarm('metric', 'ServerCpuTooHigh', 'ALARM', 'us-east-1', '123456789012'),
  ],
  'awsdocs-cloudwatch-user-guide__eventbridge__state-change-for-an-anomaly-detection-alarm.json': [
    alarm('anomaly', 'EC2 CPU Utilization Anomaly', 'ALARM', 'us-east-1', '123456789012'),
  ],
  'awsdocs-cloudwatch-user-guide__eventbridge__update-of-a-composite-alarm-with-a-suppressor-alarm.json': [CONFIG_CHANGE],
  'awsdocs-cloudwatch-user-guide__eventbridge__update-of-a-metric-alarm.json': [CONFIG_CHANGE],
  'awsdocs-lambda-developer-guide__with-sns__sns-event-example.json': [PLAIN_TEXT],
  'lambda-cloudwatch-slack__sns-autoscaling-event.json': [fallback('JSON from AWS Auto Scaling, not a CloudWatch alarm')],
  'lambda-cloudwatch-slack__sns-cloudwatch-composite-event.json': [alarm('composite', 'composite-alarm', 'ALARM', 'us-west-2', '123456789123')],
  'lambda-cloudwatch-slack__sns-cloudwatch-event-ecs-pending.json': [ECS_TASK],
  'lambda-cloudwatch-slack__sns-cloudwatch-event-ecs-stopped.json': [ECS_TASK],
  'lambda-cloudwatch-slack__sns-cloudwatch-event-metricmath.json': [
    alarm('metric-math', 'Sample Metric Math Alert', 'ALARM', 'us-east-1', '946184294613'),
  ],
  'lambda-cloudwatch-slack__sns-cloudwatch-event.json': [alarm('metric', 'awsrds-app-High-DB-Connections', 'ALARM', 'us-west-2', '123456789123')],
  'lambda-cloudwatch-slack__sns-codedeploy-configuration.json': [PLAIN_TEXT],
  'lambda-cloudwatch-slack__sns-codedeploy-event.json': [
    fallback('JSON without AlarmName or NewStateValue, not a CloudWatch alarm (keys: region, accountId, eventTriggerName, applicationName, …)'),
  ],
  'lambda-cloudwatch-slack__sns-codepipeline-event-pipeline-started.json': [
    fallback('JSON from aws.codepipeline, not a CloudWatch alarm (CodePipeline Pipeline Execution State Change)'),
  ],
  'lambda-cloudwatch-slack__sns-codepipeline-event-stage-failed.json': [CODEPIPELINE_STAGE],
  'lambda-cloudwatch-slack__sns-codepipeline-event-stage-started.json': [CODEPIPELINE_STAGE],
  'lambda-cloudwatch-slack__sns-codepipeline-event-stage-succeeded.json': [CODEPIPELINE_STAGE],
  'lambda-cloudwatch-slack__sns-elastic-beanstalk-event.json': [PLAIN_TEXT],
  'lambda-cloudwatch-slack__sns-elasticache-event.json': [
    fallback('JSON without AlarmName or NewStateValue, not a CloudWatch alarm (keys: ElastiCache:ElasticacheEvent)'),
  ],
  // AWSAccountId has 15 digits: no account is better than a wrong one.
  'lambda-cloudwatch-slack__sns-event.json': [alarm('metric', 'Sample Alert', 'ALARM', 'eu-west-1', '')],
  'lambda-cloudwatch-slack__sns-glue-event.json': [fallback('JSON from aws.glue, not a CloudWatch alarm (Glue Job State Change)')],
  // Not SNS-wrapped: the alarm invoked the Lambda itself. Region is a placeholder.
  'localstack__test_alarm_lambda_target__lambda-alarm-invocations.lambda-alarm-action-event.json': [
    alarm('metric', '<alarm-name:1>', 'ALARM', '', '111111111111'),
  ],
  // Placeholder AlarmArn and Region: the region comes from the replay topic (eu-west-1), with a note.
  'localstack__test_breaching_alarm_actions__alarm-1-sqs-msg.alarm-message.json': [alarm('metric', '<alarm-name:1>', 'ALARM', 'eu-west-1', '111111111111')],
  'localstack__test_put_metric_alarm__alarm-triggered-sqs-msg.alarm-message.json': [alarm('metric', '<alarm-name:1>', 'ALARM', 'eu-west-1', '111111111111')],
  'terraform-aws-notify-slack__events__aws_health_event.json': [fallback('JSON from aws.health, not a CloudWatch alarm (AWS Health Event)')],
  'terraform-aws-notify-slack__events__cloudwatch_alarm.json': [alarm('metric', 'Example', 'ALARM', 'eu-west-1', '000000000000')],
  'terraform-aws-notify-slack__events__guardduty_finding_high.json': [GUARDDUTY],
  'terraform-aws-notify-slack__events__guardduty_finding_low.json': [GUARDDUTY],
  'terraform-aws-notify-slack__events__guardduty_finding_medium.json': [GUARDDUTY],
  'terraform-aws-notify-slack__messages__backup.json': [PLAIN_TEXT, PLAIN_TEXT, PLAIN_TEXT, PLAIN_TEXT],
  // Region "US (Virginia)" is no name AWS uses; the delivering topic says us-east-1.
  'terraform-aws-notify-slack__messages__cloudwatch_alarm.json': [alarm('metric', 'DBMigrationRequired', 'OK', 'us-east-1', '735598076380')],
  'terraform-aws-notify-slack__messages__dms_notification.json': [
    fallback('JSON without AlarmName or NewStateValue, not a CloudWatch alarm (keys: Event Source, Event Time, Identifier Link, SourceId, …)'),
  ],
  'terraform-aws-notify-slack__messages__glue_notification.json': [fallback('JSON from aws.glue, not a CloudWatch alarm (Glue Job State Change)')],
  'terraform-aws-notify-slack__messages__guardduty_finding.json': [GUARDDUTY],
  'terraform-aws-notify-slack__messages__guardduty_malware_protection_object_scan_result.json': [
    fallback('JSON from aws.guardduty, not a CloudWatch alarm (GuardDuty Malware Protection Object Scan Result)'),
  ],
  'terraform-aws-notify-slack__messages__text_message.json': [PLAIN_TEXT],
};

describe('corpus', () => {
  it('is there to read', () => {
    expect(CORPUS_FILES.length).toBeGreaterThan(40);
  });

  it.each(CORPUS_FILES)('%s has an expectation', (file) => {
    expect(EXPECTED[file]).toBeDefined();
  });

  it.each(CORPUS_FILES)('%s yields alerts or labelled fallbacks, never a throw', (file) => {
    const parsed = parseEvent(loadCorpusEvent(file));
    expect(parsed.length).toBeGreaterThan(0);
    for (const { notice } of parsed) {
      if (notice.kind === 'unrecognised') {
        expect(notice.problem.trim()).not.toBe('');
        expect(notice.raw).not.toBe('');
      } else {
        expect(Number.isNaN(Date.parse(notice.stateChangeTime))).toBe(false);
      }
    }
  });

  it.each(Object.keys(EXPECTED))('%s comes out as expected', (file) => {
    const got = parseEvent(loadCorpusEvent(file)).map(({ notice }): Expectation =>
      notice.kind === 'unrecognised'
        ? fallback(notice.problem)
        : alarm(notice.kind, notice.alarmName, notice.state, notice.region, notice.account),
    );
    expect(got).toEqual(EXPECTED[file]);
  });
});
