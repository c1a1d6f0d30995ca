import { ssmPrefix } from '../alarms/naming.js';
import { ssmProvider } from '../config/ssm.js';
import type { Silence, StageConfig } from '../config/stage.js';
import type { Alert, Stage } from '../model/alert.js';
import type { Log } from '../model/log.js';

/**
 * Maintenance windows. A silenced alert is logged, not sent. Rule: an OK is never silenced.
 *
 * The pipeline keeps no state, so when an OK arrives it cannot know whether its ALARM was delivered (the
 * window may have been opened after the ALARM went out, or with a start time in the past). Sending every OK
 * guarantees that no PagerDuty incident stays open: PagerDuty discards a resolve that matches no open incident,
 * and a "Resolved" in Slack for a silenced alarm is the accepted cost.
 * ALARM and INSUFFICIENT_DATA (metrics stop while a database restarts) are what a window silences.
 * See docs/operator-tools.md.
 */

/** A window longer than this is refused: a forgotten window must not mute production for months. */
const MAX_SILENCE_DAYS = 14;

/** Where an operator opens a window without a deploy (a JSON array of Silence, type String). */
const silencesParameterName = (stage: Stage): string => `${ssmPrefix(stage)}/silences`;

/** How long a container reuses what it read from SSM, "not found" and failures included. */
const SILENCES_MAX_AGE_SECONDS = 60;

const GLOB_SPECIAL = /[.+^${}()|[\]\\]/g;

/** `*` any run of characters, `?` one character; the whole value must match; case does not matter. */
function globMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(GLOB_SPECIAL, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'is').test(value);
}

const timeOf = (iso: string): number => Date.parse(iso);

/** The window that silences this alert now, if any. Windows are half-open: `start <= now < end`. */
export function silenceFor(alert: Pick<Alert, 'alarmName' | 'state'>, catalogId: string | undefined, silences: readonly Silence[], now: Date): Silence | undefined {
  if (alert.state === 'OK') return undefined;
  const t = now.getTime();
  return silences.find(
    (s) =>
      timeOf(s.start) <= t &&
      t < timeOf(s.end) &&
      ((catalogId !== undefined && globMatches(s.match, catalogId)) || globMatches(s.match, alert.alarmName)),
  );
}

/** What logs and `render` show: `maintenance window "rds-*" until 2024-05-14T12:00:00Z: RDS upgrade`. */
export const silenceLabel = (s: Silence): string => `maintenance window "${s.match}" until ${s.end}: ${s.reason}`;

// -----------------------------------------------------------------------------------------------
// Validation

// A timestamp with a zone: a window without one means different hours to different people.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const KEYS = ['match', 'start', 'end', 'reason'] as const;

/** Everything wrong with one window, one line each; empty when it is usable. */
function silenceProblems(value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['not an object with match, start, end and reason'];
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of KEYS) {
    if (typeof v[key] !== 'string' || (v[key] as string).trim() === '') problems.push(`${key} must be a non-empty string`);
  }
  const unknown = Object.keys(v).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length) problems.push(`unknown field(s) ${unknown.join(', ')}`);
  for (const key of ['start', 'end'] as const) {
    if (typeof v[key] === 'string' && (!ISO_WITH_ZONE.test(v[key]) || Number.isNaN(timeOf(v[key])))) {
      problems.push(`${key} must be an ISO-8601 time with a zone, e.g. 2024-05-14T22:00:00Z (got "${v[key]}")`);
    }
  }
  if (problems.length) return problems;
  const span = timeOf(v.end as string) - timeOf(v.start as string);
  if (span <= 0) problems.push('end must be after start');
  if (span > MAX_SILENCE_DAYS * 86_400_000) problems.push(`a window may last at most ${MAX_SILENCE_DAYS} days`);
  return problems;
}

interface ParsedSilences {
  silences: Silence[];
  /** One line per problem; entries with problems are left out, the others are used. */
  problems: string[];
}

/** The SSM document: a JSON array of windows. A broken entry is dropped, never the whole delivery. */
function parseSilences(text: string): ParsedSilences {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { silences: [], problems: [`not JSON: ${(error as Error).message}`] };
  }
  if (!Array.isArray(value)) return { silences: [], problems: ['not a JSON array of windows'] };
  const silences: Silence[] = [];
  const problems: string[] = [];
  value.forEach((entry: unknown, i) => {
    const found = silenceProblems(entry);
    if (found.length) problems.push(...found.map((p) => `window ${i}: ${p}`));
    else {
      const { match, start, end, reason } = entry as Silence;
      silences.push({ match, start, end, reason });
    }
  });
  return { silences, problems };
}

// -----------------------------------------------------------------------------------------------
// Sources

/** The windows in force for a stage. Never throws: a source that cannot answer falls back to the typed config. */
export interface SilenceSource {
  current(): Promise<readonly Silence[]>;
}

/** Reads a parameter's value; `undefined` when the parameter does not exist. Throws on any other failure. */
export type ParameterRead = (name: string) => Promise<string | undefined>;

/** How long one read may hold an alert back before the configured windows alone apply. */
const SILENCES_READ_TIMEOUT_MS = 1500;

const isNotFound = (error: unknown): boolean => {
  const e = error as { name?: string; cause?: { name?: string } };
  return e.name === 'ParameterNotFoundError' || e.cause?.name === 'ParameterNotFound';
};

/**
 * GetParameter through the container's shared Powertools provider. Powertools takes no abort signal, so the
 * read is raced against a timer: the request may finish later, but the alert does not wait for it.
 * `forceFetch`: `ssmSilences` caches (not-found and failures too, which Powertools does not), and a second cache
 * behind it would double the time a new window takes to apply.
 */
function ssmParameterRead(timeoutMs = SILENCES_READ_TIMEOUT_MS): ParameterRead {
  return async (name) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`SSM did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const read = ssmProvider().then((provider) => provider.get(name, { forceFetch: true, throwOnMissing: true }));
      return await Promise.race([read, timeout]);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

export interface SsmSilencesOptions {
  config: StageConfig;
  log: Log;
  /** Defaults to `/ohmycoins/<stage>/silences`. */
  parameterName?: string;
  read?: ParameterRead;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  maxAgeSeconds?: number;
}

/**
 * The typed config's windows plus those in the SSM parameter, which opens a window without a deploy (it adds
 * windows; it cannot remove the config's). The parameter is read at most once per `maxAgeSeconds` per
 * container, like the secrets; a missing parameter means no extra windows; a failed read or a bad document is
 * logged and the config's windows alone apply, so delivery is never blocked.
 */
export function ssmSilences(options: SsmSilencesOptions): SilenceSource {
  const { config, log } = options;
  const name = options.parameterName ?? silencesParameterName(config.stage);
  const read = options.read ?? ssmParameterRead();
  const clock = options.clock ?? Date.now;
  const maxAgeMs = (options.maxAgeSeconds ?? SILENCES_MAX_AGE_SECONDS) * 1000;
  let cached: { at: number; extra: readonly Silence[] } | undefined;
  let lastText: string | undefined;

  async function fetchExtra(): Promise<readonly Silence[]> {
    let text: string | undefined;
    try {
      text = await read(name);
    } catch (error) {
      log.warn('Could not read the maintenance windows parameter; using the configured windows only', {
        parameter: name,
        error: error instanceof Error ? error.message : String(error),
      });
      return [];
    }
    if (text === undefined) return [];
    const { silences, problems } = parseSilences(text);
    // Logged once per change of the document, not once per alert.
    if (problems.length && text !== lastText) {
      log.error('Maintenance windows parameter has problems; those windows are ignored', { parameter: name, problems });
    }
    lastText = text;
    return silences;
  }

  return {
    async current() {
      const now = clock();
      if (!cached || now - cached.at >= maxAgeMs) cached = { at: now, extra: await fetchExtra() };
      return [...config.silences, ...cached.extra];
    },
  };
}
