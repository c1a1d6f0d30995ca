/**
 * npm run screenshots: regenerates the README's pictures under docs/img/ from the preview page: a critical
 * production ALARM in Slack (desktop and a phone 360 px wide), the PagerDuty incident it opens, and its email;
 * and, in Slack app mode, a resolved incident (its message rewritten by the OK, the thread under it). Needs
 * Chromium (see .ci/run); for faithful fonts install `fonts-lato` (Slack's typeface) and `fonts-noto-color-emoji`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumPath, hasChromium, launchChromium } from '../src/preview/browser.js';
import { writePreview } from '../src/preview/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'img');
const SECTION = '#alb-5xx-math-alarm--production';
// The catalog's API 5xx alarm resolved 17 minutes after it fired: its history says so, the ALARM drew its graph.
const RESOLVED = '#catalog-alb-5xx--ok--production';
const SHOTS = [
  { file: 'slack-critical-alarm.png', selector: `${SECTION} .dest-slack .view-desktop .slack` },
  { file: 'slack-critical-alarm-phone.png', selector: `${SECTION} .dest-slack .view-phone .slack` },
  { file: 'slack-app-resolved-thread.png', selector: `${RESOLVED} .dest-slack-app .view-desktop .slack` },
  { file: 'slack-app-resolved-thread-phone.png', selector: `${RESOLVED} .dest-slack-app .view-phone .slack` },
  { file: 'pagerduty-incident.png', selector: `${SECTION} .dest-pagerduty .view-desktop .pd` },
  { file: 'email-critical-alarm.png', selector: `${SECTION} .dest-email .view-desktop .mail` },
];

function warnAboutFonts(): void {
  try {
    const families = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
    for (const [family, pkg] of [['Lato', 'fonts-lato'], ['Noto Color Emoji', 'fonts-noto-color-emoji']] as const) {
      if (!families.includes(family)) console.warn(`warning: font "${family}" is missing (apt-get install ${pkg}); the pictures will use a fallback`);
    }
  } catch {
    console.warn('warning: fc-list is not available; cannot check the fonts');
  }
}

if (!hasChromium()) {
  console.error(`screenshots: no Chromium at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(2);
}
warnAboutFonts();
const dir = await mkdtemp(join(tmpdir(), 'ohmycoins-screenshots-'));
const browser = await launchChromium({ deviceScaleFactor: 2, height: 2000 });
try {
  const { path } = await writePreview(dir);
  const page = await browser.context.newPage();
  await page.goto(pathToFileURL(path).href);
  await mkdir(OUT, { recursive: true });
  for (const shot of SHOTS) {
    const target = join(OUT, shot.file);
    await page.locator(shot.selector).screenshot({ path: target });
    console.log(relative(ROOT, target));
  }
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
