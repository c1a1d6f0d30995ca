import type { Stage } from '../../model/alert.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { countsText, summarise, type AlarmInWindow } from '../../formatters/digest.js';
import { asciiLine, Body, capBytes, EMAIL_LIMITS, linkable, type EmailMessage } from './format.js';
import { titleOf, utcText } from '../../formatters/facts.js';
import { formatNumber, stateWord, wellFormed } from '../../formatters/text.js';

/** Alarms listed per group; the rest are counted. A mail client shows more than Slack, but not hundreds. */
const SHOWN = { firing: 50, flapping: 25, recovered: 25, noData: 20 } as const;

/**
 * One mail for an alert storm instead of one per alert: on-call's inbox gets the picture, and each alarm's own
 * page, Slack message and console link are one click away.
 */
export function formatEmailDigest(alerts: readonly EnrichedAlert[], stage: Stage, window: { from: string; to: string }): EmailMessage {
  const summary = summarise(alerts);
  const { firing, flapping, recovered, noData } = summary;
  const worst = [...firing, ...flapping][0]?.latest.severity;
  const subject = asciiLine(
    `STORM${worst ? ` [${worst}]` : ''} ${stage}: ${firing.length} firing, ${recovered.length} recovered, ${flapping.length} flapping`,
  ).slice(0, EMAIL_LIMITS.subject);

  const b = new Body();
  b.line(`Alert storm - ${stage}`);
  b.line('='.repeat(`Alert storm - ${stage}`.length));
  b.line();
  b.wrap(`${countsText(summary)}; ${formatNumber(alerts.length)} notifications about ${formatNumber(summary.alarms.length)} alarms between ${utcText(window.from)} and ${utcText(window.to)}.`, '');
  group(b, 'Firing', firing, SHOWN.firing);
  group(b, 'Flapping', flapping, SHOWN.flapping, (x) => `${formatNumber(x.changes)} changes, now `);
  group(b, 'Recovered', recovered, SHOWN.recovered);
  group(b, 'Without data', noData, SHOWN.noData);
  b.line();
  b.line('-- ');
  b.line(`Sent by ohmycoins-alerting (${stage}): one mail for ${formatNumber(alerts.length)} notifications.`);
  return { Subject: subject, Message: capBytes(wellFormed(b.toString())) };
}

function group(b: Body, heading: string, items: readonly AlarmInWindow[], shown: number, prefix = (_: AlarmInWindow) => ''): void {
  if (items.length === 0) return;
  b.heading(`${heading} (${formatNumber(items.length)})`);
  for (const x of items.slice(0, shown)) {
    const e = x.latest;
    const times = x.notifications > 1 ? `, ${formatNumber(x.notifications)} notifications` : '';
    b.wrap(`[${e.severity}] ${asciiLine(titleOf(e))}: ${prefix(x)}${stateWord(e.alert.state)} since ${utcText(e.alert.stateChangeTime)}${times}`, '    ', '  * ');
    if (linkable(e.links.alarm)) b.line(`    ${e.links.alarm}`);
  }
  if (items.length > shown) b.line(`  ...and ${formatNumber(items.length - shown)} more`);
}
