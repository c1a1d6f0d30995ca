import type { StageConfig } from '../stage.js';

export const production: StageConfig = {
  stage: 'production',
  region: 'eu-west-1',
  resources: {
    ecsClusterName: 'ohmycoins-production',
    ecsServiceName: 'ohmycoins-production-backend',
    loadBalancerFullName: 'app/ohmycoins-production-alb/9a7b3c1d5e2f4a68',
    targetGroupFullName: 'targetgroup/ohmycoins-production-api/3f6e9d2c8b1a7e54',
    dbInstanceIdentifier: 'ohmycoins-production-db',
    cacheClusterId: 'ohmycoins-production-redis-001',
    ecsLogGroup: '/ecs/ohmycoins-production-backend',
  },
  // Keyed by catalog id (src/alarms/); thresholds in CloudWatch's unit (bytes via gib()/mib() from src/alarms/units.ts).
  // Production runs the catalog defaults; see docs/alarms.md.
  alarms: {},
  runbookBaseUrl: 'https://github.com/ohmycoins/ohmycoins-alerting/blob/main/',
  emailSubscribers: ['oncall@ohmycoins.example'],
  enrichment: { budgetMs: 1500 },
  silences: [],
};
