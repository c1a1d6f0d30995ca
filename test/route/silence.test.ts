import { readFileSync } from 'node:fs';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderEvent } from '../../src/cli/render-event.js';
import type { Silence, StageConfig } from '../../src/config/stage.js';
import { stageConfig } from '../../src/config/stages/index.js';
import type { Alert } from '../../src/model/alert.js';
import { catalogFor } from '../../src/alarms/index.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { prepare } from '../../src/pipeline/prepare.js';
import type { Log } from '../../src/model/log.js';
import { silenceFor, silenceLabel, ssmSilences, type ParameterRead } from '../../src/route/silence.js';
import { enrichedAlert, resolvedAlert } from '../support/fixtures.js';

const event = (file: string): unknown => JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8'));

/** The base fixture: production `ohmycoins-production-ecs-cpu-high` in ALARM at 2025-05-14T09:21:37Z. */
const alarm: Alert = enrichedAlert().alert;
const ok: Alert = resolvedAlert().alert;

const window = (o: Partial<Silence> = {}): Silence => ({
  match: 'ecs-*',
  start: '2025-05-14T09:00:00Z',
  end: '2025-05-14T10:00:00Z',
  reason: 'ECS platform version upgrade',
  ...o,
});
const at = (iso: string) => new Date(iso);

function recordingLog() {
  const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const add = (level: string) => (message: string, ...fields: Array<Record<string, unknown>>) =>
    lines.push({ level, message, fields: Object.assign({}, ...fields) });
  const log: Log = { debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error') };
  return { log, lines };
}

/** Whether a window matching `pattern`, open now, silences an ALARM of the alarm `name` (one outside the catalog). */
const globMatches = (pattern: string, name: string): boolean =>
  silenceFor({ alarmName: name, state: 'ALARM' }, undefined, [window({ match: pattern })], at('2025-05-14T09:30:00Z')) !== undefined;

/** What the SSM parameter's document yields: the windows ssmSilences adds and the problems it logs. */
async function parseSilences(text: string): Promise<{ silences: Silence[]; problems: string[] }> {
  const { log, lines } = recordingLog();
  const config = { ...stageConfig('production'), silences: [] };
  const silences = await ssmSilences({ config, log, read: async () => text }).current();
  const problems = lines.filter((l) => l.level === 'error').flatMap((l) => l.fields.problems as string[]);
  return { silences: [...silences], problems };
}

/** The problems of one window, from a document that holds only it. */
const silenceProblems = async (value: unknown): Promise<string[]> =>
  (await parseSilences(JSON.stringify([value]))).problems.map((p) => p.replace(/^window 0: /, ''));

describe('window patterns', () => {
  it('matches * against any run of characters, including none', () => {
    expect(globMatches('rds-*', 'rds-storage-low')).toBe(true);
    expect(globMatches('rds-*', 'rds-')).toBe(true);
    expect(globMatches('*-high', 'ecs-cpu-high')).toBe(true);
  });

  it('matches ? against exactly one character', () => {
    expect(globMatches('ecs-???-high', 'ecs-cpu-high')).toBe(true);
    expect(globMatches('ecs-??-high', 'ecs-cpu-high')).toBe(false);
  });

  it('requires the whole value to match, not a part of it', () => {
    expect(globMatches('rds', 'rds-storage-low')).toBe(false);
    expect(globMatches('storage', 'rds-storage-low')).toBe(false);
  });

  it('treats regular-expression characters in the pattern literally', () => {
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('(x|y)', 'x')).toBe(false);
    expect(globMatches('a+b', 'a+b')).toBe(true);
  });

  it('ignores case', () => {
    expect(globMatches('RDS-*', 'rds-cpu-high')).toBe(true);
  });
});

describe('silenceFor', () => {
  it('silences an ALARM whose catalog id matches a window open now', () => {
    expect(silenceFor(alarm, 'ecs-cpu-high', [window()], at('2025-05-14T09:30:00Z'))).toEqual(window());
  });

  it('matches the CloudWatch alarm name too, for alarms outside the catalog', () => {
    const s = window({ match: 'ohmycoins-production-ecs-*' });
    expect(silenceFor(alarm, undefined, [s], at('2025-05-14T09:30:00Z'))).toEqual(s);
  });

  it('does not silence before the window starts or from its end on (start inclusive, end exclusive)', () => {
    expect(silenceFor(alarm, 'ecs-cpu-high', [window()], at('2025-05-14T08:59:59Z'))).toBeUndefined();
    expect(silenceFor(alarm, 'ecs-cpu-high', [window()], at('2025-05-14T09:00:00Z'))).toBeDefined();
    expect(silenceFor(alarm, 'ecs-cpu-high', [window()], at('2025-05-14T10:00:00Z'))).toBeUndefined();
  });

  it('does not silence an alarm the window does not name', () => {
    expect(silenceFor(alarm, 'ecs-cpu-high', [window({ match: 'rds-*' })], at('2025-05-14T09:30:00Z'))).toBeUndefined();
  });

  it('silences INSUFFICIENT_DATA (metrics stop while a resource restarts)', () => {
    const noData: Alert = { ...alarm, state: 'INSUFFICIENT_DATA' };
    expect(silenceFor(noData, 'ecs-cpu-high', [window()], at('2025-05-14T09:30:00Z'))).toBeDefined();
  });

  it('never silences an OK, so a resolve always closes what an earlier ALARM opened', () => {
    expect(silenceFor(ok, 'ecs-cpu-high', [window()], at('2025-05-14T09:30:00Z'))).toBeUndefined();
  });

  it('returns the first matching window when several apply', () => {
    const first = window({ reason: 'first' });
    expect(silenceFor(alarm, 'ecs-cpu-high', [first, window({ match: '*', reason: 'second' })], at('2025-05-14T09:30:00Z'))).toBe(first);
  });
});

describe('silenceLabel', () => {
  it('says which window, until when and why', () => {
    expect(silenceLabel(window())).toBe('maintenance window "ecs-*" until 2025-05-14T10:00:00Z: ECS platform version upgrade');
  });
});

describe('problems of a window', () => {
  it('accepts a complete window', async () => {
    expect(await silenceProblems(window())).toEqual([]);
  });

  it('accepts times with an offset', async () => {
    expect(await silenceProblems(window({ start: '2025-05-14T11:00:00+02:00', end: '2025-05-14T12:00+02:00' }))).toEqual([]);
  });

  it('names each missing field', async () => {
    expect(await silenceProblems({ match: 'rds-*' })).toEqual([
      'start must be a non-empty string',
      'end must be a non-empty string',
      'reason must be a non-empty string',
    ]);
  });

  it('refuses a time without a zone, which means different hours to different people', async () => {
    expect(await silenceProblems(window({ start: '2025-05-14T09:00:00' }))).toEqual([
      'start must be an ISO-8601 time with a zone, e.g. 2024-05-14T22:00:00Z (got "2025-05-14T09:00:00")',
    ]);
  });

  it('refuses a window that ends before it starts', async () => {
    expect(await silenceProblems(window({ end: '2025-05-14T08:00:00Z' }))).toEqual(['end must be after start']);
  });

  it('refuses a window longer than 14 days, so a forgotten one cannot mute the stage for months', async () => {
    expect(await silenceProblems(window({ end: '2025-06-14T09:00:00Z' }))).toEqual(['a window may last at most 14 days']);
  });

  it('refuses unknown fields (a typo such as "matches" would otherwise silence nothing, silently)', async () => {
    expect(await silenceProblems({ ...window(), matches: 'rds-*' })).toEqual(['unknown field(s) matches']);
  });

  it('refuses something that is not an object', async () => {
    expect(await silenceProblems('rds-*')).toEqual(['not an object with match, start, end and reason']);
  });
});

describe('the SSM document', () => {
  it('reads a JSON array of windows', async () => {
    expect(await parseSilences(JSON.stringify([window()]))).toEqual({ silences: [window()], problems: [] });
  });

  it('keeps the valid windows and names the position of each broken one', async () => {
    const text = JSON.stringify([window(), { match: 'rds-*', start: 'tonight', end: '2025-05-14T10:00:00Z', reason: 'x' }]);
    const parsed = await parseSilences(text);
    expect(parsed.silences).toEqual([window()]);
    expect(parsed.problems).toEqual(['window 1: start must be an ISO-8601 time with a zone, e.g. 2024-05-14T22:00:00Z (got "tonight")']);
  });

  it('reports a document that is not JSON, and yields no window', async () => {
    const parsed = await parseSilences('[{"match": "rds-*",');
    expect(parsed.silences).toEqual([]);
    expect(parsed.problems[0]).toMatch(/^not JSON: /);
  });

  it('reports a document that is not an array', async () => {
    expect(await parseSilences(JSON.stringify(window()))).toEqual({ silences: [], problems: ['not a JSON array of windows'] });
  });
});

describe('stage configuration', () => {
  it.each(['staging', 'production'])('has only valid windows in %s', async (stage) => {
    expect((await parseSilences(JSON.stringify(stageConfig(stage).silences))).problems).toEqual([]);
  });
});

describe('ssmSilences', () => {
  const withConfigured = (silences: Silence[]): StageConfig => ({ ...stageConfig('production'), silences });
  const fromParameter = window({ match: 'rds-*', reason: 'RDS minor version upgrade' });

  it('reads /ohmycoins/<stage>/silences and adds its windows to the configured ones', async () => {
    const names: string[] = [];
    const read: ParameterRead = async (name) => {
      names.push(name);
      return JSON.stringify([fromParameter]);
    };
    const source = ssmSilences({ config: withConfigured([window()]), log: recordingLog().log, read });
    expect(await source.current()).toEqual([window(), fromParameter]);
    expect(names).toEqual(['/ohmycoins/production/silences']);
  });

  it('reuses what it read until the cache age has passed, then reads again', async () => {
    let reads = 0;
    let now = 0;
    const read: ParameterRead = async () => {
      reads++;
      return JSON.stringify([fromParameter]);
    };
    const source = ssmSilences({ config: withConfigured([]), log: recordingLog().log, read, clock: () => now, maxAgeSeconds: 60 });
    await source.current();
    now = 59_999;
    await source.current();
    expect(reads).toBe(1);
    now = 60_000;
    await source.current();
    expect(reads).toBe(2);
  });

  it('treats a missing parameter as no extra windows, and remembers that too', async () => {
    let reads = 0;
    const read: ParameterRead = async () => {
      reads++;
      return undefined;
    };
    const source = ssmSilences({ config: withConfigured([window()]), log: recordingLog().log, read, clock: () => 0 });
    expect(await source.current()).toEqual([window()]);
    expect(await source.current()).toEqual([window()]);
    expect(reads).toBe(1);
  });

  it('falls back to the configured windows and warns when SSM cannot be read', async () => {
    const { log, lines } = recordingLog();
    const read: ParameterRead = async () => {
      throw Object.assign(new Error('User is not authorized to perform: ssm:GetParameter'), { name: 'AccessDeniedException' });
    };
    const source = ssmSilences({ config: withConfigured([window()]), log, read });
    expect(await source.current()).toEqual([window()]);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'Could not read the maintenance windows parameter; using the configured windows only',
        fields: { parameter: '/ohmycoins/production/silences', error: 'User is not authorized to perform: ssm:GetParameter' },
      },
    ]);
  });

  it('logs the problems of a bad document once per change of the document, not once per alert', async () => {
    const { log, lines } = recordingLog();
    let now = 0;
    let text = 'not json';
    const source = ssmSilences({ config: withConfigured([]), log, read: async () => text, clock: () => now, maxAgeSeconds: 1 });
    expect(await source.current()).toEqual([]);
    now = 1000;
    await source.current();
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
    text = '{}';
    now = 2000;
    await source.current();
    expect(lines.filter((l) => l.level === 'error').map((l) => l.fields.problems)).toEqual([
      [expect.stringMatching(/^not JSON/)],
      ['not a JSON array of windows'],
    ]);
  });
});

describe('ssmSilences reading SSM', () => {
  const ssm = mockClient(SSMClient);
  afterEach(() => {
    ssm.reset();
    vi.useRealTimers();
  });
  const configured = [window()];
  const fromParameter = window({ match: 'rds-*', reason: 'RDS minor version upgrade' });
  const staging = (log: Log, clock?: () => number) => ssmSilences({ config: { ...stageConfig('staging'), silences: configured }, log, clock });

  it('reads /ohmycoins/<stage>/silences through GetParameter and adds its windows', async () => {
    ssm.on(GetParameterCommand, { Name: '/ohmycoins/staging/silences' }).resolves({ Parameter: { Value: JSON.stringify([fromParameter]) } });
    expect(await staging(recordingLog().log).current()).toEqual([window(), fromParameter]);
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name)).toEqual(['/ohmycoins/staging/silences']);
  });

  it('reads SSM afresh once its own cache age has passed: no second cache behind it', async () => {
    let value = '[]';
    let now = 0;
    ssm.on(GetParameterCommand).callsFake(async () => ({ Parameter: { Value: value } }));
    const source = staging(recordingLog().log, () => now);
    expect(await source.current()).toEqual(configured);
    value = JSON.stringify([fromParameter]);
    now = 60_000;
    expect(await source.current()).toEqual([window(), fromParameter]);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('treats a missing parameter as no extra windows, without a warning', async () => {
    const { log, lines } = recordingLog();
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('ParameterNotFound'), { name: 'ParameterNotFound' }));
    expect(await staging(log).current()).toEqual(configured);
    expect(lines).toEqual([]);
  });

  it("treats the SDK's own not-found error the same way", async () => {
    const { log, lines } = recordingLog();
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'Parameter not found', $metadata: {} }));
    expect(await staging(log).current()).toEqual(configured);
    expect(lines).toEqual([]);
  });

  it('warns with the failure and keeps the configured windows when SSM fails', async () => {
    const { log, lines } = recordingLog();
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    expect(await staging(log).current()).toEqual(configured);
    expect(lines.map((l) => [l.level, l.fields.error])).toEqual([['warn', 'Rate exceeded']]);
  });

  it('gives up after 1.5 s, so a slow SSM never holds an alert back', async () => {
    const { log, lines } = recordingLog();
    ssm.on(GetParameterCommand).callsFake(() => new Promise(() => {}));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const outcome = staging(log).current();
    await vi.advanceTimersByTimeAsync(1499);
    const early = await Promise.race([outcome, Promise.resolve('still waiting')]);
    await vi.advanceTimersByTimeAsync(1);
    expect([early, await outcome]).toEqual(['still waiting', configured]);
    expect(lines.map((l) => [l.level, l.fields.error])).toEqual([['warn', 'SSM did not answer within 1500 ms']]);
  });
});

describe('the pipeline with a maintenance window', () => {
  // test/events/ecs-cpu-alarm.json changes state at 2024-05-14T09:42:27Z; its OK at 09:59:27Z. `render` judges
  // a window at the moment the alarm changed state.
  const production = (silences: Silence[]): StageConfig => ({ ...stageConfig('production'), silences });
  const ecsWindow = window({ start: '2024-05-14T09:30:00Z', end: '2024-05-14T11:00:00Z' });

  it('sends nothing for a silenced ALARM and render says why', async () => {
    const doc = await renderEvent(event('ecs-cpu-alarm.json'), production([ecsWindow]));
    expect(doc.alerts).toEqual([expect.objectContaining({ alarmName: 'ohmycoins-production-ecs-cpu-high', state: 'ALARM', silenced: silenceLabel(ecsWindow) })]);
    expect(doc.notifications).toEqual([]);
  });

  it('still delivers the OK during the window: PagerDuty resolve, Slack and email', async () => {
    const doc = await renderEvent(event('ecs-cpu-ok.json'), production([ecsWindow]));
    expect(doc.alerts[0]).not.toHaveProperty('silenced');
    expect(doc.notifications.map((n) => n.destination)).toEqual(['pagerduty', 'slack', 'email']);
  });

  it('delivers alarms the window does not name', async () => {
    const doc = await renderEvent(event('ecs-cpu-alarm.json'), production([window({ ...ecsWindow, match: 'rds-*' })]));
    expect(doc.alerts[0]).not.toHaveProperty('silenced');
    expect(doc.notifications.map((n) => n.destination)).toEqual(['pagerduty', 'slack', 'email']);
  });

  it('logs the silenced alert with the destinations it would have reached', async () => {
    const { log, lines } = recordingLog();
    const config = production([]);
    const source = { current: async () => [ecsWindow] };
    const { records } = await prepare(event('ecs-cpu-alarm.json'), { config, catalog: catalogFor(config), destinations: DESTINATIONS, log, now: () => at('2024-05-14T09:42:30Z'), silences: source });
    expect(records[0]?.silenced).toBe(silenceLabel(ecsWindow));
    expect(lines.filter((l) => l.level === 'info')).toEqual([
      {
        level: 'info',
        message: 'Alert silenced by a maintenance window, not sent',
        fields: expect.objectContaining({
          alarmName: 'ohmycoins-production-ecs-cpu-high',
          state: 'ALARM',
          destinations: ['pagerduty:trigger', 'slack:alerts-critical', 'email'],
          silenced: silenceLabel(ecsWindow),
        }),
      },
    ]);
  });

  it('falls back to the configured windows when the source fails', async () => {
    const config = production([ecsWindow]);
    const failing = { current: async (): Promise<Silence[]> => Promise.reject(new Error('boom')) };
    const { records } = await prepare(event('ecs-cpu-alarm.json'), { config, catalog: catalogFor(config), destinations: DESTINATIONS, log: recordingLog().log, now: () => at('2024-05-14T09:42:30Z'), silences: failing });
    expect(records[0]?.silenced).toBe(silenceLabel(ecsWindow));
  });
});
