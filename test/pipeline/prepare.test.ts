/**
 * What prepare makes of an event that carries no record at all: nothing to deliver, but one error line, so a
 * wiring fault (a test event, a hand-written invocation) does not pass in silence.
 */
import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/alarms/index.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import type { Log } from '../../src/model/log.js';
import { prepare } from '../../src/pipeline/prepare.js';

function recordingLog() {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

const config = stageConfig('production');
const context = (log: Log) => ({ config, catalog: catalogFor(config), destinations: DESTINATIONS, log });

describe('an event with an empty Records list', () => {
  it('yields no record and no notification', async () => {
    expect(await prepare({ Records: [] }, context(recordingLog().log))).toEqual({ records: [], notifications: [] });
  });

  it('logs one error line saying the event had no records', async () => {
    const { log, lines } = recordingLog();

    await prepare({ Records: [] }, context(log));

    expect(lines).toEqual([{ level: 'error', message: 'event with no records' }]);
  });

  it('logs no such line for an event that has a record', async () => {
    const { log, lines } = recordingLog();

    await prepare({ Records: [{ EventSource: 'aws:sns', Sns: { Message: 'not an alarm', MessageId: 'm-1' } }] }, context(log));

    expect(lines.map((l) => l.message)).not.toContain('event with no records');
  });
});
