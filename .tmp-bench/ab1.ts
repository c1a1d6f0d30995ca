import { runBundle, runNode } from '../bench/processes.js';
import { startPagerDutyStandIn } from '../test/support/stand-ins.js';
const pd = await startPagerDutyStandIn();
const env: NodeJS.ProcessEnv = { HOME: '/tmp', STAGE: 'production', PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEYFORBENCH00000000000000', PAGERDUTY_EVENTS_URL: pd.eventsUrl, ALERTING_TEST_ALLOW_LOOPBACK_ENDPOINTS: 'true', AWS_ACCESS_KEY_ID: 'AKIDFAKE', AWS_SECRET_ACCESS_KEY: 'fake', AWS_REGION: 'eu-west-1', NODE_PATH: '/work/main/node_modules' };
for (let i = 0; i < 3; i++) for (const v of ['fetch', 'http']) { const r = await runBundle('once', `/tmp/ab/${v}/out/pagerduty.cjs`, '/work/main/test/events/ecs-cpu-alarm.json', env); console.log(v, Math.round(r.wallMs), JSON.stringify(r.report)); }
await pd.close();
