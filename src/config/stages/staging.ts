import type { StageConfig } from '../stage.js';
import { resources } from './staging.identifiers.js';

export const staging: StageConfig = {
  stage: 'staging',
  region: 'eu-west-1',
  // Generated from the core stack's Terraform outputs by `npm run stage:import` (docs/identifiers.md).
  resources,
  identifiers: 'file',
  // Keyed by catalog id (src/alarms/); thresholds in CloudWatch's unit (bytes via gib()/mib() from src/alarms/units.ts).
  alarms: {
    // Staging traffic is sparse and synthetic: its p99 is often a single cold request, which says nothing.
    'alb-p99-latency-high': { enabled: false },
  },
  runbookBaseUrl: 'https://github.com/ohmycoins/ohmycoins-alerting/blob/main/',
  emailSubscribers: [],
  enrichment: { budgetMs: 1500 },
  silences: [],
  // A test fire of the canary alarm through every destination (docs/runbooks/alerting-pipeline.md, Heartbeat).
  heartbeat: { cadence: 'daily', hour: 9, timezone: 'Europe/London' },
  // Channels that post through the Slack app instead of their webhook (docs/slack-app.md); none yet.
  slackApp: { channels: {} },
};
