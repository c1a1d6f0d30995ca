import type { TextStyle } from '../types.js';
import { isChange, type PagerDutyChange } from './change.js';
import type { PagerDutyEvent } from './format.js';

/** A PagerDuty event in a terminal: the action and key, then the summary, its classification and details. */
export function pagerDutyText(e: PagerDutyEvent | PagerDutyChange, { bold }: TextStyle): string {
  if (isChange(e)) return `${bold('change')}  ${e.payload.summary}`;
  if (e.event_action !== 'trigger') return `${bold(e.event_action)}  dedup_key=${e.dedup_key}`;
  const p = e.payload;
  const where = `severity ${p.severity} · source ${p.source}${p.component ? ` · component ${p.component}` : ''}${p.group ? ` · group ${p.group}` : ''}`;
  const lines = [`${bold('trigger')}  dedup_key=${e.dedup_key}`, `${bold(p.summary)}`, where];
  for (const [k, v] of Object.entries(p.custom_details ?? {})) lines.push(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`.slice(0, 200));
  for (const l of e.links ?? []) lines.push(`  → ${l.text}: ${l.href}`);
  return lines.join('\n');
}
