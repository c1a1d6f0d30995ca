import type { KnownBlock } from '@slack/types';
import type { EnrichedAlert, Graph, GraphRequest } from '../../model/enriched.js';
import { alarmKeyOf } from '../../formatters/facts.js';
import { headlineOf, statusSentence } from '../../formatters/message.js';
import { fit, neutraliseMrkdwn, oneLine } from '../../formatters/text.js';
import { context, md, section, slackDate, SLACK_LIMITS } from '../slack/blocks.js';
import { formatSlackDetail, formatSlackParent, type SlackMessage } from '../slack/format.js';
import type { StormTotals } from './storm-format.js';

/**
 * What app mode sends for one notification. For a state change of an alarm (`incident`): the parent message
 * (posted once, then rewritten with chat.update at each change, so the channel shows the current state), and the
 * thread replies (the detail; and, for a later change, that change). A storm digest (`storm`) replies in the
 * thread of its storm's message; a notification we could not read is a message on its own.
 */
export interface SlackAppMessage {
  /** The Slack channel ID posted to (`C0123ABCD`). */
  channel: string;
  /** Its name, for people: `#alerts-critical`. */
  channelName: string;
  incident?: { alarmKey: string; state: string; stateChangeTime: string };
  parent: SlackMessage;
  /** The state change, as a thread reply: sent when the alarm already has a message. */
  change?: SlackMessage;
  /** The detail, as a thread reply after the parent or the change. */
  detail?: SlackMessage;
  /** The alarm's graph, uploaded into the thread (files.getUploadURLExternal, files.completeUploadExternal). */
  graph?: Graph;
  /** What CloudWatch is to draw when this notification opens the incident's thread and `graph` is absent. */
  graphRequest?: GraphRequest;
  /**
   * For a storm digest (then `parent` is the digest, a reply in the storm's thread): what it adds to the storm's
   * running totals, which the storm's own message shows.
   */
  storm?: StormTotals;
}

/**
 * "⚠️ ALARM · 10:02 AM", what is wrong, and what this change's detail says (CloudWatch's reason): a later state
 * change, told in the thread. The metric and dimensions are the thread's first reply already.
 */
export function formatChange(e: EnrichedAlert): SlackMessage {
  const h = headlineOf(e);
  const sentence = fit(oneLine(statusSentence(e)), 400, neutraliseMrkdwn);
  const text = `${h.emoji} ${h.state} · ${fit(h.title, 150)} — ${h.stage}: ${fit(oneLine(statusSentence(e)), 400)}`;
  const detail = formatSlackDetail(e, (line) => line.of === 'change');
  return {
    text: fit(text, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks: [
      section(`*${neutraliseMrkdwn(`${h.emoji} ${h.state}`)}* · ${slackDate(e.alert.stateChangeTime)}\n${sentence}`),
      ...(detail ? [context([md(detail)])] : []),
    ],
  };
}

/** The detail in small print, or nothing when the alert has none. */
export function formatDetail(e: EnrichedAlert): SlackMessage | undefined {
  const detail = formatSlackDetail(e);
  if (!detail) return undefined;
  const blocks: KnownBlock[] = [context([md(detail)])];
  return { text: fit(`Details: ${oneLine(detail)}`, SLACK_LIMITS.text), blocks };
}

export function formatSlackApp(e: EnrichedAlert, channel: { id: string; name: string }): SlackAppMessage {
  const a = e.alert;
  const detail = formatDetail(e);
  return {
    channel: channel.id,
    channelName: channel.name,
    incident: { alarmKey: alarmKeyOf(a), state: a.state, stateChangeTime: a.stateChangeTime },
    parent: formatSlackParent(e),
    change: formatChange(e),
    ...(detail ? { detail } : {}),
    // Drawn by enrichment for this destination only (draw-graph); the notifier uploads it into the thread.
    ...(e.graph ? { graph: e.graph } : {}),
    ...(e.graphRequest ? { graphRequest: e.graphRequest } : {}),
  };
}

/** A later change's reply: the change with what it says; the alarm's own detail is in the thread already. */
export const changeReply = (m: SlackAppMessage): SlackMessage | undefined => m.change ?? m.detail;
