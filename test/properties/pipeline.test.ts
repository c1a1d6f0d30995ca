/**
 * Property-based tests over parse → route → enrich (offline) → format, on more than 10,000 real payloads with
 * mutated fields: no unhandled exception, no alert lost to a formatting fallback, every output within Slack,
 * PagerDuty and SNS limits, no live mention or foreign link from alarm text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/alarms/index.js';
import { stageConfig } from '../../src/config/stages/index.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { prepare } from '../../src/pipeline/prepare.js';
import type { Log } from '../../src/model/log.js';
import { preparedProblems } from './limits.js';
import { mutatedEvents, oversizedEvents, SEEDS, type GeneratedEvent } from './mutations.js';

/** fast-check's seed, fixed so that a failure replays exactly; printed so the run says which one it used. */
const SEED = 20_241_130;
console.log(`fast-check seed ${SEED}`);

const CONFIGS = { production: stageConfig('production'), staging: stageConfig('staging') } as const;
const CATALOGS = { production: catalogFor(CONFIGS.production), staging: catalogFor(CONFIGS.staging) } as const;
const NOW = new Date('2024-05-14T10:00:00Z');

/** Counts the fallbacks `prepare` takes when a formatter or enrichment throws: with these inputs there must be none. */
function watchingLog(): Log & { fallbacks: string[] } {
  const fallbacks: string[] = [];
  return {
    fallbacks,
    debug() {},
    info() {},
    warn() {},
    error(message, ...fields) {
      if (message.startsWith('Formatting failed')) fallbacks.push(String(Object.assign({}, ...fields).problem));
    },
  };
}

async function problemsOf({ stage, event }: GeneratedEvent): Promise<string[]> {
  const log = watchingLog();
  const prepared = await prepare(event, { config: CONFIGS[stage], catalog: CATALOGS[stage], destinations: DESTINATIONS, log, now: () => NOW });
  return [...log.fallbacks.map((p) => `formatting fell back: ${p}`), ...preparedProblems(prepared, stage)];
}

const property = (events: fc.Arbitrary<GeneratedEvent>) =>
  fc.asyncProperty(events, async (generated) => {
    const problems = await problemsOf(generated);
    if (problems.length > 0) throw new Error(`from ${generated.from.join(', ')}:\n- ${problems.slice(0, 10).join('\n- ')}`);
  });

describe('the pipeline on mutated real payloads', () => {
  it('starts from every corpus and test event', () => {
    expect(SEEDS.length).toBeGreaterThan(50);
  });

  it('handles 10,000 events with mutated fields (huge strings, mentions, nulls, wrong types, nesting, Unicode)', async () => {
    await fc.assert(property(mutatedEvents()), { seed: SEED, numRuns: 10_000 });
  }, 120_000);

  it('handles 150 alarms whose message is near or past SNS’s 256 KB', async () => {
    await fc.assert(property(oversizedEvents()), { seed: SEED, numRuns: 150 });
  }, 120_000);
});
