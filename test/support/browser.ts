import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); the tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = (): boolean => existsSync(CHROMIUM);

export const SKIP_MESSAGE = `dashboard browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A page of its own, its uncaught errors collected in `pageErrors` (each spec expects none after every test). */
export async function newDashboardPage(
  browser: Browser,
  pageErrors: string[],
  viewport = { width: 1366, height: 900 },
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Screenshots are test output (gitignored). */
export function screenshotPath(name: string): string {
  const dir = join(__dirname, '..', '..', 'test-output', 'dashboard');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
