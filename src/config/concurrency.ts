/**
 * How many containers of the notifier functions can run at once, as deployed: infra sets these limits, and
 * enrichment divides CloudWatch's account-wide quotas by their sum (src/enrich/quota.ts), so the functions
 * together stay within the quotas whatever Lambda scales to.
 */

/**
 * The PagerDuty function's reserved concurrency. SNS invokes it once per message; in the ten-times storm
 * (10,000 notifications a minute) the simulation needs 27 containers at once, so 100 leaves room for a storm
 * several times larger before Lambda throttles a page (it then retries the event, with
 * backoff, from its own queue). Reserving it also means no other function in the account can starve the pages.
 */
export const PAGERDUTY_RESERVED_CONCURRENCY = 100;

/** Pollers of each queued function's event source mapping (`maximumConcurrency`): Slack paces one post a second. */
export const QUEUE_MAX_CONCURRENCY = 2;

/** Queued destinations a stage may deploy: Slack, the Slack app and email. */
export const QUEUED_FUNCTIONS_MAX = 3;

/** Notifier containers that may read CloudWatch at the same moment: all of them, and those of queued functions. */
export const ENRICHING_CONTAINERS_MAX = {
  all: PAGERDUTY_RESERVED_CONCURRENCY + QUEUED_FUNCTIONS_MAX * QUEUE_MAX_CONCURRENCY,
  queued: QUEUED_FUNCTIONS_MAX * QUEUE_MAX_CONCURRENCY,
} as const;
