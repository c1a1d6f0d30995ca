import type { StageConfig } from '../stage.js';

export const staging: StageConfig = {
  stage: 'staging',
  region: 'eu-west-1',
  resources: {
    ecsClusterName: 'ohmycoins-staging',
    ecsServiceName: 'ohmycoins-staging-backend',
    loadBalancerFullName: 'app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31',
    targetGroupFullName: 'targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70',
    dbInstanceIdentifier: 'ohmycoins-staging-db',
    cacheClusterId: 'ohmycoins-staging-redis-001',
    ecsLogGroup: '/ecs/ohmycoins-staging-backend',
  },
  // Keyed by catalog id (src/alarms/); thresholds in CloudWatch's unit (bytes via gib()/mib() from src/alarms/units.ts).
  alarms: {
    // Staging traffic is sparse and synthetic: its p99 is often a single cold request, which says nothing.
    'alb-p99-latency-high': { enabled: false },
  },
  runbookBaseUrl: 'https://github.com/ohmycoins/ohmycoins-alerting/blob/main/',
  emailSubscribers: [],
  enrichment: { budgetMs: 1500 },
  silences: [],
};
