import type { RenderDocument } from '../cli/render-event.js';
import type { StageConfig } from '../config/stage.js';
import { DESTINATIONS, destinationNamed, previewOf } from '../destinations/index.js';
import type { Stage } from '../model/alert.js';
import { escapeHtml } from '../util/html.js';
import { incidentHtml } from '../destinations/slack-app/preview.js';
import { APP_MODE_LABEL } from './app-mode.js';
import type { ReplayedIncident } from './incident.js';
import type { Sample } from './samples.js';
import { clock } from './clock.js';
import { STYLE } from './style.js';

/** One sample rendered for one stage: a section of the page. */
export interface RenderedSample {
  sample: Sample;
  stage: Stage;
  config: StageConfig;
  document: RenderDocument;
  /** Slack app mode (every Slack channel in it): each incident as Slack shows it after this sample's change. */
  app?: readonly AppIncident[];
  /** ISO-8601 time of the state change, for the message timestamp. */
  time?: string;
}

/** One app-mode incident after the sample's notification was sent, or why it could not be drawn. */
export interface AppIncident {
  target: string;
  /** The state changes sent, in order (`ALARM`, `OK`), or `message` for one that is not an alarm's. */
  changes: readonly string[];
  replay?: ReplayedIncident;
  error?: string;
}

type Notified = RenderDocument['notifications'][number];

/** A card of a section: a payload as its destination shows it, or an app-mode incident. */
export type Card = { destination: string; target: string } & ({ kind: 'payload'; notification: Notified } | { kind: 'incident'; incident: AppIncident });

/** The cards in the order a person reads them: pages first, then Slack by webhook, Slack by the app, email. */
export function cardsOf(r: Pick<RenderedSample, 'document' | 'app'>): Card[] {
  const payloads = r.document.notifications.map((n): Card => ({ kind: 'payload', destination: n.destination, target: n.target, notification: n }));
  const incidents = (r.app ?? []).map((i): Card => ({ kind: 'incident', destination: 'slack-app', target: i.target, incident: i }));
  const order = (c: Card) => ['pagerduty', 'slack', 'slack-app'].indexOf(c.destination) + 1 || 9;
  return [...payloads, ...incidents].map((c, i) => ({ c, i })).sort((a, b) => order(a.c) - order(b.c) || a.i - b.i).map(({ c }) => c);
}

export const sectionId = (r: Pick<RenderedSample, 'sample' | 'stage'>): string => `${r.sample.id}--${r.stage}`;
const cardId = (r: RenderedSample, i: number): string => `${sectionId(r)}--${i}`;

const labelOf = (name: string): string => destinationNamed(name)?.label ?? name;

/** "ohmycoins-production-ecs-cpu-high · ALARM", or what the notice was when it was not an alarm. */
export function titleOf(doc: RenderDocument): string {
  const a = doc.alerts[0];
  if (!a) return 'No notification';
  if (a.kind === 'unrecognised') return 'Unrecognised notification';
  return `${a.alarmName ?? 'alarm'} · ${a.state ?? ''}${doc.alerts.length > 1 ? ` (+${doc.alerts.length - 1} more)` : ''}`;
}

function metaHtml(r: RenderedSample): string {
  const parts = [`from ${escapeHtml(r.sample.origin)}`];
  for (const a of r.document.alerts) {
    if (a.kind === 'unrecognised') parts.push('not an alarm: delivered to Slack as a labelled fallback');
    else {
      const change = a.previousState ? `${a.previousState} → ${a.state}` : String(a.state);
      parts.push(escapeHtml(`${a.kind} alarm · ${change} · ${a.severity ?? 'no severity'}`));
    }
    if (a.silenced) parts.push(`<span class="silenced">silenced: ${escapeHtml(a.silenced)}</span>`);
  }
  return parts.join(' · ');
}

/** The widths each message is drawn at: as a desktop client shows it, and on a phone 360 px wide. */
const VIEWS = [
  { name: 'desktop', label: 'Desktop' },
  { name: 'phone', label: 'Phone, 360 px' },
] as const;

function viewsHtml(body: string): string {
  const views = VIEWS.map(
    (v) => `<div class="view view-${v.name}" data-view="${v.name}"><div class="view-label">${v.label}</div>${body}</div>`,
  );
  return `<div class="views">${views.join('')}</div>`;
}

/** Slack's two modes side by side: the incoming webhook (one message per change) and the app (one per incident). */
const modeAttribute = (destination: string): string =>
  destination === 'slack' ? ' data-mode="webhook"' : destination === 'slack-app' ? ' data-mode="app"' : '';

function payloadCardHtml(r: RenderedSample, n: Notified, id: string): string {
  const draw = previewOf(n.destination)?.html;
  const frame = { target: n.target, time: clock(r.time), recipients: r.config.emailSubscribers, region: r.config.region };
  const body = draw ? draw(n.payload, frame) : `<p class="render-error">No preview for ${escapeHtml(n.destination)}</p>`;
  const label = labelOf(n.destination);
  const mode = n.destination === 'slack' ? ' · webhook mode' : '';
  return (
    `<article class="dest dest-${n.destination}" id="${id}" data-destination="${n.destination}"${modeAttribute(n.destination)}>` +
    `<h3 class="dest-head">${escapeHtml(label)} → ${escapeHtml(n.target)}${mode}</h3>${viewsHtml(body)}` +
    `<details><summary>The payload (exactly what ${escapeHtml(label)} receives)</summary>` +
    `<pre>${escapeHtml(JSON.stringify(n.payload, null, 2))}</pre></details></article>`
  );
}

/** "resolved incident: ALARM, then OK; drawn after the OK", for the card's head. */
function changesText(changes: readonly string[]): string {
  if (changes.length <= 1) return changes[0] === 'message' || !changes[0] ? 'a message of its own' : `new incident: ${changes[0]}`;
  const last = changes.at(-1)!;
  return `${last === 'OK' ? 'resolved incident' : 'incident'}: ${changes.join(', then ')}; drawn after the ${last}`;
}

function incidentCardHtml(i: AppIncident, id: string): string {
  const head = `Slack (app) → ${i.target} · app mode · ${changesText(i.changes)}`;
  const body = i.replay ? incidentHtml(i.replay.view) : `<p class="render-error">Could not draw the incident: ${escapeHtml(i.error ?? 'unknown error')}</p>`;
  const calls = i.replay ? JSON.stringify(i.replay.calls, null, 2) : '[]';
  return (
    `<article class="dest dest-slack-app" id="${id}" data-destination="slack-app" data-mode="app">` +
    `<h3 class="dest-head">${escapeHtml(head)}</h3><p class="dest-note">${escapeHtml(APP_MODE_LABEL)}.</p>${viewsHtml(body)}` +
    `<details><summary>What Slack received (Web API calls in order, sent by the app-mode notifier; the token is not shown)</summary>` +
    `<pre>${escapeHtml(calls)}</pre></details></article>`
  );
}

function cardHtml(r: RenderedSample, card: Card, i: number): string {
  return card.kind === 'payload' ? payloadCardHtml(r, card.notification, cardId(r, i)) : incidentCardHtml(card.incident, cardId(r, i));
}

function sectionHtml(r: RenderedSample): string {
  const doc = r.document;
  const cards = cardsOf(r).map((c, i) => cardHtml(r, c, i)).join('');
  const errors = doc.errors.map((e) => `<p class="render-error">Not an alarm (record ${e.record}): ${escapeHtml(e.message)}</p>`).join('');
  const nowhere = cardsOf(r).length
    ? ''
    : `<p class="routed-nowhere">${doc.alerts.some((a) => a.silenced) ? 'Silenced: nothing is sent, the alert is logged.' : `Routed nowhere in ${r.stage}: nothing is sent.`}</p>`;
  return (
    `<section class="sample" id="${sectionId(r)}" data-sample="${escapeHtml(r.sample.id)}" data-stage="${r.stage}">` +
    `<h2>${escapeHtml(titleOf(doc))}<span class="stage stage-${r.stage}">${r.stage}</span></h2>` +
    `<p class="sample-meta">${metaHtml(r)}</p>${errors}${nowhere}<div class="cards">${cards}</div></section>`
  );
}

const CATALOG = /^catalog-(.+)--(alarm|ok|insufficient-data)$/;
const STATE_LABEL: Record<string, string> = { alarm: 'ALARM', ok: 'OK', 'insufficient-data': 'INSUFFICIENT_DATA' };

/** A catalog alarm's id for its generated samples (`catalog-ecs-cpu-high--ok` → `ecs-cpu-high`). */
const catalogIdOf = (sampleId: string): string | undefined => CATALOG.exec(sampleId)?.[1];

const stageLinks = (rs: readonly RenderedSample[]) => rs.map((r) => `<a href="#${sectionId(r)}">${r.stage}</a>`).join('');

function byAlarmNav(rendered: readonly RenderedSample[]): string {
  const bySample = new Map<string, RenderedSample[]>();
  for (const r of rendered) bySample.set(r.sample.id, [...(bySample.get(r.sample.id) ?? []), r]);
  const events = [...bySample.values()].filter((rs) => !catalogIdOf(rs[0]!.sample.id));
  const items = events.map((rs) => `<li><span class="nav-title">${escapeHtml(titleOf(rs[0]!.document))}</span><span class="nav-stages">${stageLinks(rs)}</span></li>`);
  const byAlarm = new Map<string, Array<[string, RenderedSample[]]>>();
  for (const [id, rs] of bySample) {
    const alarm = catalogIdOf(id);
    if (alarm) byAlarm.set(alarm, [...(byAlarm.get(alarm) ?? []), [CATALOG.exec(id)![2]!, rs]]);
  }
  const catalog = [...byAlarm.entries()].map(
    ([alarm, states]) =>
      `<li><a class="nav-title" href="#catalog-${escapeHtml(alarm)}">${escapeHtml(alarm)}</a>` +
      states.map(([state, rs]) => `<span class="nav-stages"><span class="nav-state">${STATE_LABEL[state]}</span>${stageLinks(rs)}</span>`).join('') +
      `</li>`,
  );
  return (
    `<h2>Sample events</h2><ul>${items.join('')}</ul>` +
    (catalog.length ? `<h2>The alarm catalog</h2><ul>${catalog.join('')}</ul>` : '')
  );
}

function byDestinationNav(rendered: readonly RenderedSample[]): string {
  const count = (d: string) => rendered.reduce((n, r) => n + cardsOf(r).filter((x) => x.destination === d).length, 0);
  const filters = DESTINATIONS.map(
    ({ name, label }) => `<li><a href="#only-${name}">${escapeHtml(label)} only</a> <span class="count">(${count(name)})</span></li>`,
  ).join('');
  const targets = new Map<string, string[]>();
  for (const r of rendered) {
    cardsOf(r).forEach((c, i) => {
      const key = `${labelOf(c.destination)} → ${c.target}`;
      const label = `${titleOf(r.document)} (${r.stage})`;
      targets.set(key, [...(targets.get(key) ?? []), `<li><a href="#${cardId(r, i)}">${escapeHtml(label)}</a></li>`]);
    });
  }
  const perTarget = [...targets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, links]) => `<details><summary>${escapeHtml(key)} <span class="count">(${links.length})</span></summary><ul>${links.join('')}</ul></details>`)
    .join('');
  return `<h2>By destination</h2><ul>${filters}<li><a href="#top">Everything</a></li></ul>${perTarget}`;
}

/** Headings between the sections (siblings of them, so the CSS filters still reach every section). */
function headingBefore(r: RenderedSample, previous: RenderedSample | undefined): string {
  const alarm = catalogIdOf(r.sample.id);
  const before = previous && catalogIdOf(previous.sample.id);
  if (!previous && !alarm) return '<h2 class="group" id="sample-events">Sample events (test/events and the states generated from them)</h2>';
  if (!alarm || alarm === before) return '';
  const group = before ? '' : '<h2 class="group" id="alarm-catalog">The alarm catalog: every alarm in ALARM, OK and INSUFFICIENT_DATA, both stages</h2>';
  return `${group}<h3 class="group-alarm" id="catalog-${escapeHtml(alarm)}">${escapeHtml(alarm)}</h3>`;
}

/** "Slack only" and the like: a filter per destination, with CSS alone (the page runs no script). */
function filterStyle(): string {
  const names = DESTINATIONS.map((d) => d.name);
  const cards = names.map((n) => `#only-${n}:target ~ .sample .dest:not(.dest-${n})`).join(',\n');
  const samples = names.map((n) => `#only-${n}:target ~ .sample:not(:has(.dest-${n}))`).join(',\n');
  return `${cards} { display: none; }\n${samples} { display: none; }\n`;
}

/** The whole page: no script, no external resource; the policy below forbids both even if markup slipped in. */
export function previewPage(rendered: readonly RenderedSample[]): string {
  const samples = new Set(rendered.map((r) => r.sample.id)).size;
  const stages = [...new Set(rendered.map((r) => r.stage))].join(' and ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ohmycoins-alerting · message preview</title>
<style>${STYLE}${filterStyle()}</style>
</head>
<body id="top">
<nav class="side">${byAlarmNav(rendered)}${byDestinationNav(rendered)}</nav>
<header class="page-head"><h1>What on-call receives</h1>
<p>${samples} samples × ${escapeHtml(stages)}, drawn from the exact payloads the formatters produce (npm run preview). Nothing was sent.
Each message is drawn as a desktop client shows it and on a phone 360 px wide. Slack appears twice: by incoming webhook
(how both stages post today) and in app mode, one message per incident with its thread, sent by the app-mode notifier to a
Slack inside this page's build. ${escapeHtml(APP_MODE_LABEL)}.</p></header>
<main>
${DESTINATIONS.map(({ name }) => `<span class="filter-anchor" id="only-${name}"></span>`).join('')}
${rendered.map((r, i) => headingBefore(r, rendered[i - 1]) + sectionHtml(r)).join('\n')}
</main>
</body>
</html>
`;
}
