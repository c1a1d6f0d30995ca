import type { RenderDocument } from '../cli/render-event.js';
import type { StageConfig } from '../config/stage.js';
import { DESTINATIONS, destinationNamed, previewOf } from '../destinations/index.js';
import type { Stage } from '../model/alert.js';
import { escapeHtml } from '../util/html.js';
import type { Sample } from './samples.js';
import { STYLE } from './style.js';

/** One sample rendered for one stage: a section of the page. */
export interface RenderedSample {
  sample: Sample;
  stage: Stage;
  config: StageConfig;
  document: RenderDocument;
  /** ISO-8601 time of the state change, for the message timestamp. */
  time?: string;
}

export const sectionId = (r: Pick<RenderedSample, 'sample' | 'stage'>): string => `${r.sample.id}--${r.stage}`;
const cardId = (r: RenderedSample, i: number): string => `${sectionId(r)}--${i}`;

const labelOf = (name: string): string => destinationNamed(name)?.label ?? name;

/** "9:42 AM", in UTC like the messages' own fallback times. */
function clock(iso: string | undefined): string | undefined {
  const t = iso === undefined ? NaN : Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  const h = d.getUTCHours();
  return `${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'} UTC`;
}

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

/**
 * Slack is drawn as the incoming webhook posts it (one message, the detail at its end). Slack app mode, a parent
 * message with the detail as a thread reply, gets its own card next to this one, marked `data-mode="app"`.
 */
const modeAttribute = (destination: string): string => (destination === 'slack' ? ' data-mode="webhook"' : '');

function cardHtml(r: RenderedSample, n: RenderDocument['notifications'][number], i: number): string {
  const draw = previewOf(n.destination)?.html;
  const frame = { target: n.target, time: clock(r.time), recipients: r.config.emailSubscribers, region: r.config.region };
  const body = draw ? draw(n.payload, frame) : `<p class="render-error">No preview for ${escapeHtml(n.destination)}</p>`;
  const label = labelOf(n.destination);
  return (
    `<article class="dest dest-${n.destination}" id="${cardId(r, i)}" data-destination="${n.destination}"${modeAttribute(n.destination)}>` +
    `<h3 class="dest-head">${escapeHtml(label)} → ${escapeHtml(n.target)}</h3>${viewsHtml(body)}` +
    `<details><summary>The payload (exactly what ${escapeHtml(label)} receives)</summary>` +
    `<pre>${escapeHtml(JSON.stringify(n.payload, null, 2))}</pre></details></article>`
  );
}

function sectionHtml(r: RenderedSample): string {
  const doc = r.document;
  const cards = doc.notifications.map((n, i) => cardHtml(r, n, i)).join('');
  const errors = doc.errors.map((e) => `<p class="render-error">Not an alarm (record ${e.record}): ${escapeHtml(e.message)}</p>`).join('');
  const nowhere = doc.notifications.length
    ? ''
    : `<p class="routed-nowhere">${doc.alerts.some((a) => a.silenced) ? 'Silenced: nothing is sent, the alert is logged.' : `Routed nowhere in ${r.stage}: nothing is sent.`}</p>`;
  return (
    `<section class="sample" id="${sectionId(r)}" data-sample="${escapeHtml(r.sample.id)}" data-stage="${r.stage}">` +
    `<h2>${escapeHtml(titleOf(doc))}<span class="stage stage-${r.stage}">${r.stage}</span></h2>` +
    `<p class="sample-meta">${metaHtml(r)}</p>${errors}${nowhere}<div class="cards">${cards}</div></section>`
  );
}

function byAlarmNav(rendered: readonly RenderedSample[]): string {
  const bySample = new Map<string, RenderedSample[]>();
  for (const r of rendered) bySample.set(r.sample.id, [...(bySample.get(r.sample.id) ?? []), r]);
  const items = [...bySample.values()].map((rs) => {
    const stages = rs.map((r) => `<a href="#${sectionId(r)}">${r.stage}</a>`).join('');
    return `<li><span class="nav-title">${escapeHtml(titleOf(rs[0]!.document))}</span><span class="nav-stages">${stages}</span></li>`;
  });
  return `<h2>By alarm</h2><ul>${items.join('')}</ul>`;
}

function byDestinationNav(rendered: readonly RenderedSample[]): string {
  const count = (d: string) => rendered.reduce((n, r) => n + r.document.notifications.filter((x) => x.destination === d).length, 0);
  const filters = DESTINATIONS.map(
    ({ name, label }) => `<li><a href="#only-${name}">${escapeHtml(label)} only</a> <span class="count">(${count(name)})</span></li>`,
  ).join('');
  const targets = new Map<string, string[]>();
  for (const r of rendered) {
    r.document.notifications.forEach((n, i) => {
      const key = `${labelOf(n.destination)} → ${n.target}`;
      const label = `${titleOf(r.document)} (${r.stage})`;
      targets.set(key, [...(targets.get(key) ?? []), `<li><a href="#${cardId(r, i)}">${escapeHtml(label)}</a></li>`]);
    });
  }
  const perTarget = [...targets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, links]) => `<h3>${escapeHtml(key)} <span class="count">(${links.length})</span></h3><ul>${links.join('')}</ul>`)
    .join('');
  return `<h2>By destination</h2><ul>${filters}<li><a href="#top">Everything</a></li></ul>${perTarget}`;
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
<p>${samples} samples × ${escapeHtml(stages)}, drawn from the exact payloads the formatters produce (npm run preview). Nothing was sent.</p></header>
<main>
${DESTINATIONS.map(({ name }) => `<span class="filter-anchor" id="only-${name}"></span>`).join('')}
${rendered.map(sectionHtml).join('\n')}
</main>
</body>
</html>
`;
}
