/**
 * npm run preview: writes preview/index.html, every sample alarm (test/events and generated states, every catalog
 * alarm in every state) for both stages as Slack (by webhook and in app mode, each incident with its thread),
 * PagerDuty and the mail client would show it, on a desktop and a phone. Offline; open the file in any browser.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writePreview } from '../src/preview/index.js';

const dir = resolve(import.meta.dirname, '..', 'preview');
const { path, preview } = await writePreview(dir);
const cards = preview.sections.reduce((n, s) => n + s.destinations.length, 0);
console.log(`${preview.sections.length} sections, ${cards} messages → ${pathToFileURL(path).href}`);
