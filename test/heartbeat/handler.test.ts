/**
 * The heartbeat function against a mocked CloudWatch: the canary to ALARM, the pause, then OK, each with a
 * state reason that says it is a test.
 */
import { CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heartbeatHandler } from '../../src/handlers/heartbeat.js';
import { fireHeartbeat } from '../../src/heartbeat/fire.js';
import { recordingLog } from '../delivery/harness.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => {
  cloudwatch.reset();
  cloudwatch.on(SetAlarmStateCommand).resolves({});
});
afterEach(() => cloudwatch.reset());

const client = () => new CloudWatchClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
const calls = () => cloudwatch.commandCalls(SetAlarmStateCommand).map((c) => c.args[0].input);

describe('the heartbeat function', () => {
  it('sets the stage canary to ALARM, then to OK, each reason labelled as a test', async () => {
    const run = await heartbeatHandler(client(), { STAGE: 'production' }, 0)();
    expect(calls().map((c) => [c.AlarmName, c.StateValue])).toEqual([
      ['ohmycoins-production-heartbeat', 'ALARM'],
      ['ohmycoins-production-heartbeat', 'OK'],
    ]);
    for (const c of calls()) expect(c.StateReason).toMatch(/^TEST — heartbeat, nobody needs to act\. Scheduled test fire/);
    expect(run.alarmName).toBe('ohmycoins-production-heartbeat');
  });

  it('fires the staging canary in staging', async () => {
    await heartbeatHandler(client(), { STAGE: 'staging' }, 0)();
    expect(calls().map((c) => c.AlarmName)).toEqual(['ohmycoins-staging-heartbeat', 'ohmycoins-staging-heartbeat']);
  });

  it('waits between ALARM and OK, so the ALARM is delivered first', async () => {
    const order: string[] = [];
    cloudwatch.on(SetAlarmStateCommand).callsFake((input: { StateValue: string }) => void order.push(`set ${input.StateValue}`));
    let t = Date.parse('2026-12-07T09:00:00.000Z');
    const run = await fireHeartbeat({
      cloudwatch: client(),
      alarmName: 'ohmycoins-production-heartbeat',
      now: () => new Date(t),
      sleep: async (ms) => {
        order.push(`wait ${ms} ms`);
        t += ms;
      },
      log: recordingLog(),
      pauseMs: 60_000,
    });
    expect(order).toEqual(['set ALARM', 'wait 60000 ms', 'set OK']);
    expect(run).toEqual({ alarmName: 'ohmycoins-production-heartbeat', alarmAt: '2026-12-07T09:00:00.000Z', okAt: '2026-12-07T09:01:00.000Z' });
    expect(calls().map((c) => c.StateReason)).toEqual([
      'TEST — heartbeat, nobody needs to act. Scheduled test fire at 2026-12-07T09:00:00.000Z: ALARM set by the heartbeat, OK follows by itself.',
      'TEST — heartbeat, nobody needs to act. Scheduled test fire: set back to OK at 2026-12-07T09:01:00.000Z.',
    ]);
  });
});
