import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere (a Mac, another distribution). */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string => env.CHROMIUM_PATH || '/usr/bin/chromium';

export const hasChromium = (env: NodeJS.ProcessEnv = process.env): boolean => existsSync(chromiumPath(env));

/** The machine may have no network: Chromium must not try to reach out (updates, sync, QUIC probes). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, removed again on close. A viewport taller than the card to screenshot
 * spares Chromium laying the whole (long) gallery out again to capture beyond it.
 */
export async function launchChromium(options: { deviceScaleFactor?: number; width?: number; height?: number } = {}): Promise<Chromium> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'ohmycoins-preview-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: options.width ?? 1500, height: options.height ?? 1000 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      offline: true,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
