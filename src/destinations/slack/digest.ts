import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Severity, Stage, Unrecognised } from '../../model/alert.js';
import type { EnrichedAlert } from '../../model/enriched.js';
import { countsText, SEVERITY_RANK, summarise, summariseUnreadable, type AlarmInWindow, type UnreadableSummary } from '../../formatters/digest.js';
import { titleOf, utcText } from '../../formatters/facts.js';
import { COLOUR, SLACK_LIMITS, header, mdLink, packLines, section, slackDate } from './blocks.js';
import type { SlackMessage } from './format.js';
import { fit, formatNumber, neutraliseMrkdwn, oneLine, stateEmoji, stateWord } from '../../formatters/text.js';

/**
 * One message for an alert storm: incoming webhooks take about one message per second, so the
 * storm path summarises instead of posting hundreds. Each alarm appears once, with its latest
 * state, how many notifications it sent and a link; the most severe come first. Notifications we could not
 * read are counted below the alarms with their problems, so they never crowd an alarm out of the picture.
 */

/** Lines shown per group; the rest are counted ("…and N more"). */
const SHOWN = { firing: 20, flapping: 10, recovered: 10, noData: 8, unreadable: 5 } as const;
const PROBLEM_MAX = 150;
const LINE_LINK_MAX = 600;

export function formatSlackDigest(
  alerts: readonly EnrichedAlert[],
  stage: Stage,
  window: { from: string; to: string },
  unrecognised: readonly Unrecognised[] = [],
): SlackMessage {
  const { alarms, firing, flapping, recovered, noData } = summarise(alerts);
  const unreadable = summariseUnreadable(unrecognised);
  const counts = countsText({ alarms, firing, flapping, recovered, noData });
  const total = alerts.length + unreadable.count;
  const about = `${formatNumber(total)} notifications about ${formatNumber(alarms.length)} alarms`;
  const span = unreadable.count ? `${about} and ${formatNumber(unreadable.count)} unreadable` : about;
  const text = `🚨 Alert storm — ${stage}: ${counts}; ${span} between ${utcText(window.from)} and ${utcText(window.to)}`;

  const details: KnownBlock[] = [
    ...group('🔥 Firing', firing, SHOWN.firing, (x) => line(x)),
    ...group('🔁 Flapping', flapping, SHOWN.flapping, (x) => line(x, `${formatNumber(x.changes)} changes, now`)),
    ...group('✅ Recovered', recovered, SHOWN.recovered, (x) => line(x)),
    ...group('⚪ Without data', noData, SHOWN.noData, (x) => line(x)),
    ...unreadableGroup(unreadable),
  ];
  if (!details.length) details.push(section('No alerts in this window.'));

  return {
    text: fit(text, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks: [
      header(`🚨 Alert storm · ${stage} · ${formatNumber(total)} notifications`),
      section(
        `${fit(counts, 1000, neutraliseMrkdwn)}\n${span} between ${slackDate(window.from)} and ${slackDate(window.to)}.`,
      ),
    ],
    attachments: [{ color: digestColour(firing, flapping, recovered), blocks: details, fallback: fit(text, 300, neutraliseMrkdwn) }],
  };
}

function group(
  heading: string,
  items: readonly AlarmInWindow[],
  shown: number,
  render: (x: AlarmInWindow) => string,
): SectionBlock[] {
  if (!items.length) return [];
  const lines = items.slice(0, shown).map(render);
  return packLines(`*${heading}* (${formatNumber(items.length)})`, lines, 3, items.length);
}

/** Each problem once, clipped and escaped, with how often it came: "JSON list, not a CloudWatch alarm · 12×". */
function unreadableGroup(u: UnreadableSummary): SectionBlock[] {
  if (!u.count) return [];
  const lines = u.problems.slice(0, SHOWN.unreadable).map((p) => `❔ ${fit(oneLine(p.problem), PROBLEM_MAX, neutraliseMrkdwn)} · ${formatNumber(p.count)}×`);
  const shownCount = u.problems.slice(0, SHOWN.unreadable).reduce((n, p) => n + p.count, 0);
  const more = u.count - shownCount;
  const heading = `*❔ Unreadable notifications* (${formatNumber(u.count)})`;
  const sections = packLines(heading, lines, 2, lines.length);
  return more > 0 ? [...sections, section(`…and ${formatNumber(more)} more with other problems`)] : sections;
}

function line(x: AlarmInWindow, prefix?: string): string {
  const e = x.latest;
  const a = e.alert;
  const title = oneLine(titleOf(e));
  const name = mdLink(e.links.alarm, fit(title, 100), LINE_LINK_MAX) ?? fit(title, 100, neutraliseMrkdwn);
  const state = `${prefix ? `${prefix} ` : ''}${stateWord(a.state)}`;
  const times = x.notifications > 1 ? ` · ${formatNumber(x.notifications)} notifications` : '';
  return `${stateEmoji(a.state, e.severity)} ${name} · ${e.severity} · ${state} ${slackDate(a.stateChangeTime)}${times}`;
}

function digestColour(firing: AlarmInWindow[], flapping: AlarmInWindow[], recovered: AlarmInWindow[]): string {
  const worst = [...firing, ...flapping].reduce<Severity | undefined>(
    (w, x) => (w === undefined || SEVERITY_RANK[x.latest.severity] < SEVERITY_RANK[w] ? x.latest.severity : w),
    undefined,
  );
  if (worst) return COLOUR[worst];
  return recovered.length ? COLOUR.ok : COLOUR.grey;
}
