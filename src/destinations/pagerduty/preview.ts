import { isChange, type PagerDutyChange } from './change.js';
import type { PagerDutyEvent, PagerDutyTrigger } from './format.js';
import { breaks, escapeHtml, link } from '../../util/html.js';
import type { Preview } from '../types.js';
import { pagerDutyText } from './text.js';

/**
 * A PagerDuty Events API v2 request drawn as the incident it opens (or the resolve it sends). PagerDuty
 * shows these fields as plain text, so everything is escaped and nothing is read as markup.
 */

const SEVERITY_LABEL: Record<string, string> = { critical: 'Critical', error: 'Error', warning: 'Warning', info: 'Info' };

const text = (s: string): string => breaks(escapeHtml(s));

function valueHtml(v: unknown): string {
  if (typeof v === 'string') return text(v);
  if (typeof v === 'number' || typeof v === 'boolean') return escapeHtml(String(v));
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return `<ul class="pd-list">${v.map((x) => `<li>${text(x)}</li>`).join('')}</ul>`;
  }
  return `<pre class="pd-json">${escapeHtml(JSON.stringify(v, null, 2))}</pre>`;
}

const row = (label: string, html: string): string => `<div class="pd-row"><dt>${escapeHtml(label)}</dt><dd>${html}</dd></div>`;

function triggerHtml(e: PagerDutyTrigger, service: string): string {
  const p = e.payload;
  const severity = SEVERITY_LABEL[p.severity] ?? p.severity;
  const meta = [
    row('Service', escapeHtml(service)),
    row('Source', text(p.source)),
    ...(p.component ? [row('Component', text(p.component))] : []),
    ...(p.group ? [row('Group', text(p.group))] : []),
    ...(p.class ? [row('Class', text(p.class))] : []),
    ...(p.timestamp ? [row('Created', escapeHtml(p.timestamp))] : []),
    row('Alert key', `<code class="pd-key">${escapeHtml(e.dedup_key)}</code>`),
    ...(e.client ? [row('Client', e.client_url ? link(e.client_url, `View in ${escapeHtml(e.client)}`) : escapeHtml(e.client))] : []),
  ];
  const details = Object.entries(p.custom_details ?? {})
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${valueHtml(v)}</td></tr>`)
    .join('');
  const links = (e.links ?? []).map((l) => `<li>${link(l.href, escapeHtml(l.text || l.href))}</li>`).join('');
  return (
    `<div class="pd-status-row"><span class="pd-status pd-triggered">Triggered</span>` +
    `<span class="pd-sev pd-sev-${escapeHtml(p.severity)}">${escapeHtml(severity)}</span></div>` +
    `<h4 class="pd-title">${text(p.summary)}</h4>` +
    `<dl class="pd-meta">${meta.join('')}</dl>` +
    (details ? `<h5 class="pd-h">Custom details</h5><table class="pd-details"><tbody>${details}</tbody></table>` : '') +
    (links ? `<h5 class="pd-h">Links</h5><ul class="pd-links">${links}</ul>` : '')
  );
}

function resolveHtml(dedupKey: string): string {
  return (
    `<div class="pd-status-row"><span class="pd-status pd-resolved">Resolved</span></div>` +
    `<h4 class="pd-title">resolves incident <code class="pd-key">${escapeHtml(dedupKey)}</code></h4>` +
    `<p class="pd-note">A resolve carries only the key: PagerDuty closes the incident the ALARM opened with the same ` +
    `key, and ignores the resolve when no such incident is open.</p>`
  );
}

function changeHtml(c: PagerDutyChange): string {
  const details = Object.entries(c.payload.custom_details ?? {})
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${valueHtml(v)}</td></tr>`)
    .join('');
  return (
    `<div class="pd-status-row"><span class="pd-status pd-resolved">Change</span></div>` +
    `<h4 class="pd-title">${text(c.payload.summary)}</h4>` +
    `<p class="pd-note">A change event: it appears on the service's timeline and notifies nobody.</p>` +
    (details ? `<table class="pd-details"><tbody>${details}</tbody></table>` : '')
  );
}

/** `target` names the PagerDuty service the routing key belongs to (`pagerduty:ohmycoins-production`). */
export function pagerDutyHtml(e: PagerDutyEvent | PagerDutyChange, target: string): string {
  const service = target.replace(/^pagerduty:/, '');
  const action = isChange(e) ? 'change event' : `event_action: ${e.event_action}`;
  const body = isChange(e) ? changeHtml(e) : e.event_action === 'trigger' ? triggerHtml(e, service) : resolveHtml(e.dedup_key);
  return (
    `<div class="pd">` +
    `<div class="pd-top"><span class="pd-logo">pd</span><span class="pd-brand">PagerDuty</span>` +
    `<span class="pd-crumb">Incidents · ${escapeHtml(service)}</span>` +
    `<span class="pd-action">${escapeHtml(action)}</span></div>` +
    `<div class="pd-incident">${body}</div></div>`
  );
}

/** How the preview gallery and the demo draw a PagerDuty event. */
export const pagerDutyPreview: Preview<PagerDutyEvent> = {
  html: (payload, { target }) => pagerDutyHtml(payload, target),
  text: pagerDutyText,
};
