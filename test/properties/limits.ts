/**
 * What every prepared notification must respect, whatever the input: Slack's Block Kit limits and no live
 * mention or foreign link from alarm text; PagerDuty's published schema and limits; SNS's limits for email.
 */
import type { EmailMessage } from '../../src/destinations/email/format.js';
import type { PagerDutyEvent } from '../../src/destinations/pagerduty/format.js';
import type { SlackMessage } from '../../src/destinations/slack/format.js';
import type { EnrichedAlert } from '../../src/model/enriched.js';
import type { Prepared } from '../../src/pipeline/prepare.js';
import { routeKey } from '../../src/model/route.js';
import { pagerDutyViolations } from '../support/pagerduty-schema.js';
import { REQUIRED_ROUTES, REQUIRED_UNRECOGNISED_ROUTES } from '../support/required-routes.js';
import { injectedMarkup, slackLimitViolations } from '../support/slack-limits.js';

/** SNS Publish: subject under 100 characters, message (with the subject) at most 256 KB. */
export const SNS_LIMITS = { subject: 100, messageBytes: 256 * 1024 } as const;

const LIVE_MENTION = /<!(?:channel|here|everyone|subteam\^)[^>]*>|<[@#][UWCBS][A-Z0-9]+(?:\|[^>]*)?>/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function strings(x: unknown, visit: (path: string, s: string) => void, path = ''): void {
  if (typeof x === 'string') visit(path, x);
  else if (Array.isArray(x)) x.forEach((v, i) => strings(v, visit, `${path}[${i}]`));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) strings(v, visit, path ? `${path}.${k}` : k);
}

/** The links the pipeline itself built (enrichment's deep links, the catalog's runbook): the only ones allowed. */
const linksOf = (e: EnrichedAlert | undefined): string[] =>
  e
    ? [
        e.links.alarm,
        e.links.metrics,
        e.links.dashboard,
        e.links.runbook,
        e.catalog?.runbookUrl,
        ...e.links.resources.map((r) => r.url),
        ...e.links.children.map((c) => c.url),
      ].filter((u): u is string => typeof u === 'string')
    : [];

export function slackProblems(msg: SlackMessage, alert: EnrichedAlert | undefined): string[] {
  const problems = slackLimitViolations(msg);
  strings(msg, (path, s) => {
    if (!path.endsWith('.url') && LIVE_MENTION.test(s)) problems.push(`${path}: live mention ${s.match(LIVE_MENTION)![0]}`);
  });
  problems.push(...injectedMarkup(msg, linksOf(alert)).map((m) => `injected markup: ${m}`));
  return problems;
}

export function emailProblems({ Subject: subject, Message: body }: EmailMessage): string[] {
  const problems: string[] = [];
  if (typeof subject !== 'string' || subject.trim() === '') problems.push('subject empty');
  else {
    if (subject.length >= SNS_LIMITS.subject) problems.push(`subject is ${subject.length} characters`);
    if (CONTROL.test(subject)) problems.push('subject has a control character or line break');
  }
  const bytes = Buffer.byteLength(`${subject}${body}`, 'utf8');
  if (bytes > SNS_LIMITS.messageBytes) problems.push(`subject and body are ${bytes} bytes`);
  return problems;
}

/** The severity a topic's name ends with (`…-alerts-critical`), read here independently of the code. */
function topicOf(arn: string | undefined): 'critical' | 'warning' | 'info' | 'unknown' {
  const m = /-alerts-(critical|warning|info)$/.exec(arn ?? '');
  return m ? (m[1] as 'critical' | 'warning' | 'info') : 'unknown';
}

/** Everything wrong with what `prepare` made of an event, as readable lines (empty when all is well). */
export function preparedProblems({ records, notifications: all }: Prepared, stage: 'production' | 'staging'): string[] {
  const problems: string[] = [];
  const keys = (ks: readonly string[]) => [...ks].sort().join(', ') || 'nothing';
  for (const r of records) {
    const at = `record ${r.record}`;
    const notifications = all.filter((n) => n.sources.includes(r));
    const sentTo = keys(notifications.map((n) => routeKey(n.route)));
    if (r.notice.kind === 'unrecognised') {
      const required = keys(REQUIRED_UNRECOGNISED_ROUTES[stage][topicOf(r.notice.source.topicArn)]);
      if (sentTo !== required) problems.push(`${at}: unrecognised notification sent to ${sentTo}, the requirement says ${required}`);
    } else if (!r.silenced && r.severity) {
      const required = keys(REQUIRED_ROUTES[stage][r.severity][r.notice.state]);
      if (sentTo !== required) problems.push(`${at}: sent to ${sentTo}, the requirement says ${required}`);
    }
    for (const n of notifications) {
      const type = n.route.destination;
      const where = `${at} → ${type}`;
      if (type === 'slack') problems.push(...slackProblems(n.payload as SlackMessage, r.alert).map((p) => `${where}: ${p}`));
      if (type === 'pagerduty') {
        if (stage === 'staging') problems.push(`${where}: staging must never page`);
        problems.push(...pagerDutyViolations(n.payload as PagerDutyEvent).map((p) => `${where}: ${p}`));
      }
      if (type === 'email') problems.push(...emailProblems(n.payload as EmailMessage).map((p) => `${where}: ${p}`));
    }
  }
  return problems;
}
