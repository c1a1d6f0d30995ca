import { writeFileSync } from 'node:fs';
import { runBundle } from '../bench/processes.js';
import { startJsonStandIn, startSnsStandIn } from '../bench/aws-stand-ins.js';
import { runStorm } from '../bench/storm/index.js';
import { startPagerDutyStandIn } from '../test/support/stand-ins.js';
const [sns, aws, pd] = await Promise.all([startSnsStandIn(), startJsonStandIn(), startPagerDutyStandIn()]);
const storm = await runStorm();
const env = { HOME: '/tmp', STAGE: 'production', PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEYFORBENCH00000000000000', PAGERDUTY_EVENTS_URL: pd.eventsUrl, ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true', EMAIL_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-email', AWS_ENDPOINT_URL_SNS: sns.origin, AWS_ACCESS_KEY_ID: 'AKIDFAKE', AWS_SECRET_ACCESS_KEY: 'fake', AWS_REGION: 'eu-west-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NODE_PATH: '/work/main/node_modules',
  SSM_PREFIX: '/ohmycoins/production', LEDGER_TABLE: 'ledger', DLQ_URL: `${aws.origin}/123/dlq`, AWS_ENDPOINT_URL_DYNAMODB: aws.origin, AWS_ENDPOINT_URL_CLOUDWATCH: aws.origin, AWS_ENDPOINT_URL_SQS: aws.origin, AWS_ENDPOINT_URL_SSM: aws.origin };
for (const fn of (process.argv[2] ?? 'email,pagerduty').split(',')) {
  writeFileSync(`/tmp/${fn}.json`, JSON.stringify(storm.invocations.filter((i) => i.fn === fn).map((i) => i.event)));
  const r = await runBundle('replay', `/tmp/ab/${process.argv[3] ?? 'http'}/out/${fn}.cjs`, `/tmp/${fn}.json`, env);
  console.log(fn, r.code, r.stderr.slice(-600), Math.round(r.wallMs));
}
console.log(sns.publishes(), pd.requests.length, [...aws.calls]);
await Promise.all([sns.close(), aws.close(), pd.close()]);
