import type { KnownBlock } from '@slack/types';
import type { TextStyle } from '../types.js';
import type { SlackMessage } from './format.js';

function blockText(block: KnownBlock, { bold, dim }: TextStyle): string[] {
  switch (block.type) {
    case 'header':
      return [bold(block.text.text)];
    case 'section': {
      const lines = block.text ? [block.text.text] : [];
      for (const f of block.fields ?? []) lines.push(`  ${f.text.replace(/\n/g, ' ')}`);
      return lines;
    }
    case 'context':
      return [dim(block.elements.map((e) => ('text' in e ? e.text : '')).join('  ·  '))];
    case 'actions':
      return [block.elements.map((e) => ('text' in e && e.text ? `[${e.text.text}]` : '')).join(' ')];
    case 'divider':
      return ['────'];
    default:
      return [dim(`(${block.type} block)`)];
  }
}

/** A Slack message in a terminal: the notification text, then each block, attachments behind their colour bar. */
export function slackText(m: SlackMessage, style: TextStyle): string {
  const lines = [`${style.dim('notification text:')} ${m.text}`];
  for (const b of m.blocks ?? []) lines.push(...blockText(b, style));
  for (const a of m.attachments ?? []) for (const b of a.blocks) lines.push(...blockText(b, style).map((l) => style.bar(a.color) + l));
  return lines.join('\n');
}
