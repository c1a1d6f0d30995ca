/**
 * The route table against the requirement, cell by cell: every stage × severity × new state (2 × 3 × 3 = 18
 * cells) and the unrecognised notifications by topic (2 × 4 cells), each compared with the hand-written table in
 * test/support/required-routes.ts. Order within a cell does not matter.
 */
import { describe, expect, it } from 'vitest';
import { ALARM_STATES, SEVERITIES, STAGES, type AlarmState, type Severity, type Stage } from '../../src/model/alert.js';
import { DESTINATIONS } from '../../src/destinations/index.js';
import { route, routeKey, routeUnrecognised, type TopicSeverity } from '../../src/route/index.js';
import { topicSeverity } from '../../src/route/severity.js';
import { topicsFor } from '../../infra/pipeline.js';
import { REQUIRED_ROUTES, REQUIRED_UNRECOGNISED_ROUTES } from '../support/required-routes.js';

/** What the code routes to, as destination keys: the one place that knows the route API. */
const routed = (stage: Stage, severity: Severity, state: AlarmState): string[] => route(DESTINATIONS, stage, severity, state).map(routeKey);
const routedUnrecognised = (stage: Stage, topic: TopicSeverity): string[] => routeUnrecognised(DESTINATIONS, stage, topic).map(routeKey);
const TOPICS: readonly TopicSeverity[] = ['critical', 'warning', 'info', 'unknown'];

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
    for (const topic of TOPICS) {
      const want = REQUIRED_UNRECOGNISED_ROUTES[stage][topic];
      it(`${stage} unrecognised on a ${topic} topic → ${named(want)}`, () => expect(sorted(routedUnrecognised(stage, topic))).toEqual(sorted(want)));
    }
  }

  // A destination only hears the topics infra subscribes it to: an unrecognised route on a topic it does not
  // hear would never be taken.
  for (const stage of STAGES) {
    for (const d of DESTINATIONS) {
      it(`${stage} ${d.name} is subscribed to every topic its unrecognised routes name`, () => {
        const needed = SEVERITIES.filter((s) => d.routes.unrecognised[stage][s].length > 0);
        expect(topicsFor(stage, d)).toEqual(expect.arrayContaining(needed));
      });
    }
  }
});

describe('topicSeverity', () => {
  it.each([
    ['arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-critical', 'critical'],
    ['arn:aws:sns:eu-west-1:123456789012:ohmycoins-staging-alerts-warning', 'warning'],
    ['arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-info', 'info'],
    ['arn:aws:sns:eu-west-1:123456789012:ohmycoins-production-alerts-email', 'unknown'],
    ['arn:aws:sns:eu-west-1:123456789012:some-other-topic', 'unknown'],
    [undefined, 'unknown'],
  ])('%s → %s', (arn, want) => expect(topicSeverity(arn)).toBe(want));
});
