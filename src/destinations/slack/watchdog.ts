import type { AlarmState, Severity, Stage } from '../../model/alert.js';
import type { DestinationRoutes, Route } from '../../model/route.js';
import type { Destination } from '../types.js';
import type { SlackMessage } from './format.js';
import { slack } from './index.js';
import { toChannel } from './routes.js';

const critical: Route = toChannel('alerts-critical');
const states = (r: readonly Route[]): Record<AlarmState, readonly Route[]> => ({ ALARM: r, OK: r, INSUFFICIENT_DATA: r });
const severities = (r: readonly Route[]): Record<Severity, Record<AlarmState, readonly Route[]>> => ({ critical: states(r), warning: states(r), info: states(r) });
const everywhere = (stage: Stage) => (stage === 'production' ? [critical] : []);

/**
 * The webhook destination as the pipeline's own alarms use it: everything to #alerts-critical, in production.
 * Its function reads the pipeline topic directly, so a broken Slack function, queue or ledger cannot keep on-call
 * from hearing that the pipeline is broken (the email topic's subscriptions are the other, always-on path).
 */
const routes: DestinationRoutes = {
  alarms: { production: severities(everywhere('production')), staging: severities(everywhere('staging')) },
  unrecognised: {
    production: { critical: everywhere('production'), warning: everywhere('production'), info: everywhere('production'), unknown: everywhere('production') },
    staging: { critical: [], warning: [], info: [], unknown: [] },
  },
};

export const slackForPipelineAlarms: Destination<SlackMessage> = { ...slack, routes };
