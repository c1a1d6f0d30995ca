import { isLinkable } from './links.js';
/**
 * HTML primitives for the preview page. Every string that came from an alarm, a payload or a file is
 * inserted through `escapeHtml`; the page is built from strings, so this is the one guard against markup.
 */

const HTML_SPECIAL = /[&<>"']/g;
const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made inert in element content and in quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(HTML_SPECIAL, (c) => HTML_ENTITY[c] ?? c);


/** The URL when it is safe as an `href` (http, https, mailto; never `javascript:`), else undefined. */
export const safeHref = (url: string): string | undefined => (isLinkable(url, { mailto: true }) ? url : undefined);

/** An external link; the caller passes label HTML it has already escaped. */
export const link = (url: string, labelHtml: string, className = ''): string => {
  const href = safeHref(url);
  if (!href) return labelHtml;
  const cls = className ? ` class="${className}"` : '';
  return `<a${cls} href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${labelHtml}</a>`;
};

/** Line breaks as `<br>` in already-escaped text. */
export const breaks = (html: string): string => html.replace(/\r?\n/g, '<br>');

/** A slug for ids and anchors: lowercase letters, digits and dashes only. */
export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'x';
