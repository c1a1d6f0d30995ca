import type { StageConfig } from '../stage.js';
import { resources } from './production.identifiers.js';

export const production: StageConfig = {
  stage: 'production',
  region: 'eu-west-1',
  // Generated from the core stack's Terraform outputs by `npm run stage:import` (docs/identifiers.md).
  resources,
  identifiers: 'file',
  // Keyed by catalog id (src/alarms/); thresholds in CloudWatch's unit (bytes via gib()/mib() from src/alarms/units.ts).
  // Production runs the catalog defaults; see docs/alarms.md.
  alarms: {},
  runbookBaseUrl: 'https://github.com/ohmycoins/ohmycoins-alerting/blob/main/',
  emailSubscribers: ['oncall@ohmycoins.example'],
  enrichment: { budgetMs: 1500 },
  silences: [],
  // A test fire of the canary alarm through every destination (docs/runbooks/alerting-pipeline.md, Heartbeat).
  heartbeat: { cadence: 'weekly', hour: 9, timezone: 'Europe/London' },
  // Channels that post through the Slack app instead of their webhook (docs/slack-app.md); none yet.
  slackApp: { channels: {} },
};
