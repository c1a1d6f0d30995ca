/**
 * The route table against the requirement, cell by cell: every stage × severity × new state (2 × 3 × 3 = 18
 * cells) and the unrecognised notifications, each compared with the hand-written table in
 * test/support/required-routes.ts. Order within a cell does not matter.
 */
import { describe, expect, it } from 'vitest';
import { ALARM_STATES, SEVERITIES, STAGES, type AlarmState, type Severity, type Stage } from '../../src/model/alert.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { route, routeKey, routeUnrecognised } from '../../src/route/index.js';
import { REQUIRED_ROUTES, REQUIRED_UNRECOGNISED_ROUTES } from '../support/required-routes.js';

/** What the code routes to, as destination keys: the one place that knows the route API. */
const routed = (stage: Stage, severity: Severity, state: AlarmState): string[] => route(DESTINATIONS, stage, severity, state).map(routeKey);
const routedUnrecognised = (stage: Stage): string[] => routeUnrecognised(DESTINATIONS, stage).map(routeKey);

const sorted = (keys: readonly string[]): string[] => [...keys].sort();
const named = (keys: readonly string[]): string => (keys.length ? keys.join(', ') : 'nothing');

const CELLS = STAGES.flatMap((stage) => SEVERITIES.flatMap((severity) => ALARM_STATES.map((state) => ({ stage, severity, state }))));

describe('routes', () => {
  it('has a requirement for all 18 cells', () => {
    expect(CELLS).toHaveLength(18);
    for (const { stage, severity, state } of CELLS) expect(REQUIRED_ROUTES[stage][severity][state]).toBeDefined();
  });

  const cells = CELLS.map((c) => {
    const want = REQUIRED_ROUTES[c.stage][c.severity][c.state];
    return { name: `${c.stage} ${c.severity} ${c.state} → ${named(want)}`, ...c, want };
  });
  for (const { name, stage, severity, state, want } of cells) {
    it(name, () => expect(sorted(routed(stage, severity, state))).toEqual(sorted(want)));
  }

  for (const stage of STAGES) {
    const want = REQUIRED_UNRECOGNISED_ROUTES[stage];
    it(`${stage} unrecognised → ${named(want)}`, () => expect(sorted(routedUnrecognised(stage))).toEqual(sorted(want)));
  }
});
