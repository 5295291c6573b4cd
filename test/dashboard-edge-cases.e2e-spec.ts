import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BrowserProxy } from './support/browser-proxy';
import {
  SKIP_MESSAGE,
  hasChromium,
  launchChromium,
  newDashboardPage,
  screenshotPath,
} from './support/browser';
import { expectPost } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { KEYS, TestServer } from './support/test-server';

// Functions given to page.evaluate run in the page; the root tsconfig has no DOM lib.
declare const sessionStorage: { clear(): void; setItem(key: string, value: string): void };
declare const document: any;

/**
 * What a person reads on the dashboard in the situations that used to mislead: a program viewed years after
 * its deadline, a market fully verified but not cut over, a market with no throughput, and a program that
 * ended. The server's clock reads 15 January 2026; the programs ran in 2013-2014, in Singapore time.
 */
const NOW = '2026-01-15T04:00:00Z';
const TZ_WORD = /(GMT\+8|SGT)/.source;
const OVERDUE = '/programs/overdue-2014';
const ENDED = '/programs/ended-2014';
const DEADLINE = '2014-03-31T23:59:59+08:00';
const DAYS_OVERDUE = Math.floor((Date.parse(NOW) - Date.parse(DEADLINE)) / 86_400_000);
const whole = (n: number) => n.toLocaleString('en');

async function program(server: TestServer, id: string, name: string, deadline: string): Promise<void> {
  await expectPost(server, '/programs', {
    programId: id,
    name,
    sourceRegion: 'cn-north',
    deadline,
    timeZone: 'Asia/Singapore',
    dataCategories: ['contacts'],
    occurredAt: '2013-10-01T09:00:00+08:00',
  });
}

/** Enrols and starts a market, then copies and verifies each batch on its day (users, local day). */
async function market(
  server: TestServer,
  path: string,
  code: string,
  usersInScope: number,
  startedOn: string,
  batches: Array<[number, string]>,
): Promise<void> {
  const m = `${path}/markets/${code}`;
  await expectPost(server, `${path}/markets`, {
    market: code,
    targetRegion: 'singapore',
    usersInScope,
    occurredAt: `${startedOn}T08:00:00+08:00`,
  });
  await expectPost(server, `${m}/start`, { occurredAt: `${startedOn}T09:00:00+08:00` });
  for (const [i, [users, day]] of batches.entries()) {
    await expectPost(server, `${m}/batches/b${i}/copied`, { users, occurredAt: `${day}T10:00:00+08:00` });
    await expectPost(server, `${m}/batches/b${i}/verified`, { occurredAt: `${day}T11:00:00+08:00` });
  }
}

async function finish(server: TestServer, path: string, code: string, day: string): Promise<number> {
  const m = `${path}/markets/${code}`;
  await expectPost(server, `${m}/cutover`, { occurredAt: `${day}T10:00:00+08:00` });
  await expectPost(server, `${m}/purge`, { evidence: 'wipe-log-1', occurredAt: `${day}T11:00:00+08:00` });
  const done = await expectPost(server, `${m}/complete`, { occurredAt: `${day}T12:00:00+08:00` });
  return done.position;
}

if (!hasChromium()) console.log(SKIP_MESSAGE);
const describeInBrowser = hasChromium() ? describe : describe.skip;

describeInBrowser('the dashboard in the situations that used to mislead (Chromium)', () => {
  const clock = new TestClock(NOW);
  let server: TestServer;
  let proxy: BrowserProxy;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const card = (code: string) => page.locator(`article.market-card[data-market="${code}"]`);
  const field = (code: string, name: string) => card(code).locator(`[data-field="${name}"]`);
  const connection = () => page.locator('#connection');
  /** Everything the page says in text, the charts' descriptions included. */
  const pageText = () =>
    page.evaluate(() =>
      [
        document.body.innerText,
        ...[...document.querySelectorAll('canvas')].map((c: any) => c.getAttribute('aria-label')),
      ].join('\n'),
    );

  async function open(hash: string): Promise<void> {
    await page.goto(`${proxy.url}/health`);
    await page.evaluate((k) => {
      sessionStorage.clear();
      sessionStorage.setItem('migration-tracker.api-key', k);
    }, KEYS.viewer);
    await page.goto(`${proxy.url}/${hash}`);
  }

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now });
    // Past its deadline with two markets open: MY verified every user but never cut over; TW stopped in
    // November 2013; IN completed in time.
    await program(server, 'overdue-2014', 'Year-end relocation 2013', DEADLINE);
    await market(server, OVERDUE, 'IN', 100, '2013-10-15', [[100, '2013-10-20']]);
    await finish(server, OVERDUE, 'IN', '2013-10-27');
    await market(server, OVERDUE, 'MY', 1_000, '2013-11-01', [
      [500, '2013-11-05'],
      [500, '2013-12-20'],
    ]);
    await market(server, OVERDUE, 'TW', 10_000, '2013-11-01', [[2_000, '2013-11-10']]);
    // Ended: its only market completed, ten days after the deadline.
    await program(server, 'ended-2014', 'Spring relocation 2014', '2014-06-30T23:59:59+08:00');
    await market(server, ENDED, 'SG', 500, '2014-05-02', [[500, '2014-06-20']]);
    const last = await finish(server, ENDED, 'SG', '2014-07-10');
    await server.get(`${ENDED}/progress?minPosition=${last}`, { key: 'viewer' });
    proxy = await BrowserProxy.start(server.url);
    browser = await launchChromium();
    page = await newDashboardPage(browser, pageErrors);
  }, 120_000);

  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('shows a program years after its deadline in whole days, in its own zone, with its own months on the axis', async () => {
    await open(`#${OVERDUE}`);
    await field('TW', 'p50').getByText('no finish date').waitFor();
    await connection().getByText('Live', { exact: true }).waitFor();
    expect(await page.locator('[data-field=days-left-label]').textContent()).toBe('Past the deadline');
    expect(await page.locator('[data-field=days-left]').textContent()).toBe(
      `${whole(DAYS_OVERDUE)} days overdue`,
    );
    expect(await page.locator('[data-field=program-state]').textContent()).toBe(
      `Deadline passed ${whole(DAYS_OVERDUE)} days ago; 2 of 3 markets not completed.`,
    );
    expect(await page.locator('[data-field=deadline]').textContent()).toMatch(
      new RegExp(`^31 Mar 2014, 23:59 ${TZ_WORD}$`),
    );
    expect(await page.locator('[data-field=as-of]').textContent()).toMatch(
      new RegExp(`^15 Jan 2026, 12:00 ${TZ_WORD}$`),
    );
    // No raw UTC instant and no fractional day anywhere the user reads, reasons included.
    const text = await pageText();
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).not.toMatch(/\d\.\d+ days/);
    expect(await page.locator('[data-field=riskiest]').textContent()).toMatch(
      new RegExp(`deadline 31 Mar 2014, 23:59 ${TZ_WORD} passed ${whole(DAYS_OVERDUE)} days ago`),
    );
    // The burn-up runs over the program's span (mid-October 2013 to the end of March 2014), not to 2026, and
    // its ticks carry the year since the span crosses one.
    for (const code of ['IN', 'MY', 'TW']) {
      const chart = card(code).locator('canvas');
      expect(await chart.getAttribute('aria-label')).toMatch(
        /The time axis runs from \d{1,2} Oct 2013 to \d{1,2} (Mar|Apr) 2014\./,
      );
      const ticks = ((await chart.getAttribute('data-time-ticks')) ?? '').split(' | ');
      expect(ticks.length).toBeGreaterThan(1);
      for (const tick of ticks) expect(tick).toMatch(/^\d{1,2} \w+ (2013|2014)$/);
      expect(ticks.some((tick) => tick.endsWith('2013'))).toBe(true);
      expect(ticks.some((tick) => tick.endsWith('2014'))).toBe(true);
    }
    await page.screenshot({ path: screenshotPath('program-overdue'), fullPage: true });
    // npm run screenshot:dashboard refreshes the README's picture of a program viewed after its deadline.
    if (process.env.DASHBOARD_SCREENSHOT)
      copyFileSync(
        screenshotPath('program-overdue'),
        join(__dirname, '..', 'apps', 'dashboard', 'screenshot-overdue.png'),
      );
  });

  it('says a market with every user verified but no cutover is waiting for its cutover, with no finish date of today', async () => {
    await open(`#${OVERDUE}`);
    await field('MY', 'why')
      .getByText(/^all verified; cutover pending/)
      .waitFor();
    expect(await field('MY', 'status').textContent()).toBe('Off track');
    expect(await field('MY', 'percent').textContent()).toBe('100%');
    expect(await field('MY', 'why').textContent()).toMatch(
      new RegExp(
        `^all verified; cutover pending; deadline 31 Mar 2014, 23:59 ${TZ_WORD} passed ${whole(DAYS_OVERDUE)} days ago without completion \\(phase migrating\\)$`,
      ),
    );
    expect(await field('MY', 'p50').textContent()).toBe('all verified');
    expect(await field('MY', 'link').textContent()).toBe('Malaysia (MY)');

    await open(`#${OVERDUE}/markets/MY`);
    await page.getByRole('heading', { level: 1, name: 'Malaysia (MY) → singapore' }).waitFor();
    await page
      .locator('article.market-detail [data-field=why]')
      .getByText(/^all verified; cutover pending/)
      .waitFor();
    expect(await page.locator('article.market-detail [data-field=p95]').textContent()).toBe('all verified');
    const reasons = await page.locator('[data-field=reasons] li').allTextContents();
    expect(reasons[0]).toMatch(
      new RegExp(`^deadline 31 Mar 2014, 23:59 ${TZ_WORD} passed ${whole(DAYS_OVERDUE)} days ago`),
    );
    const ticks = ((await page.locator('canvas#burn-up').getAttribute('data-time-ticks')) ?? '').split(' | ');
    for (const tick of ticks) expect(tick).toMatch(/^\d{1,2} \w+ (2013|2014)$/);
    await page.screenshot({ path: screenshotPath('market-all-verified'), fullPage: true });
  });

  it('gives no finish date for a market with no throughput, and says why', async () => {
    await open(`#${OVERDUE}`);
    await field('TW', 'finish-note')
      .getByText(/^no finish date/)
      .waitFor();
    expect(await field('TW', 'actual').textContent()).toBe('0/day');
    expect(await field('TW', 'p50').textContent()).toBe('no finish date');
    expect(await field('TW', 'p85').textContent()).toBe('no finish date');
    expect(await field('TW', 'finish-note').textContent()).toBe(
      'no finish date: nothing verified in the last 7 days',
    );
    expect(await field('TW', 'why').textContent()).toMatch(/8,000 users unverified/);
    expect(await field('TW', 'link').textContent()).toBe('Taiwan (TW)');
  });

  it('shows an ended program as ended, not "Live"', async () => {
    await open(`#${ENDED}`);
    await field('SG', 'status').getByText('Completed late').waitFor();
    await connection().getByText('Ended · feed connected', { exact: true }).waitFor();
    expect(await connection().getAttribute('data-state')).toBe('live');
    expect(await page.locator('[data-field=program-state]').textContent()).toBe(
      'Ended: every market completed (1 after the deadline).',
    );
    // Not "overdue": it ended, on the day its last market completed.
    expect(await page.locator('[data-field=days-left-label]').textContent()).toBe('Ended');
    expect(await page.locator('[data-field=days-left]').textContent()).toBe('10 Jul 2014');
    // Not "overdue": it ended, on the day its last market completed.
    expect(await page.locator('[data-field=days-left-label]').textContent()).toBe('Ended');
    expect(await page.locator('[data-field=days-left]').textContent()).toBe('10 Jul 2014');
    // The span ends at the completion, ten days after the deadline; same year, so no year on the ticks.
    expect(await card('SG').locator('canvas').getAttribute('aria-label')).toMatch(
      /The time axis runs from \d{1,2} (Apr|May) 2014 to 1\d Jul 2014\./,
    );
    for (const tick of ((await card('SG').locator('canvas').getAttribute('data-time-ticks')) ?? '').split(
      ' | ',
    ))
      expect(tick).toMatch(/^\d{1,2} \w+$/);
    expect(await pageText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await page.screenshot({ path: screenshotPath('program-ended'), fullPage: true });
  });

  it('drops the answer of a load overtaken by a newer choice: a slow past day never draws over the day chosen after it', async () => {
    await open(`#${OVERDUE}`);
    await connection().getByText('Live', { exact: true }).waitFor();
    // The end of 6 November 2013 in Singapore: MY had 500 of 1,000 verified. Its answer is held back 2 s.
    const slow = '2013-11-06T15:59:59.999Z';
    await page.route(
      (url) => url.searchParams.get('asOf') === slow,
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        await route.continue().catch(() => undefined);
      },
    );
    try {
      // As happened by then: every step here was logged in 2026, long after it happened.
      await page.getByLabel('Basis').selectOption('occurred');
      const date = page.getByLabel('View as of end of day');
      await date.fill('2013-11-06');
      await date.press('Enter');
      await date.fill('2013-12-25');
      await date.press('Enter');
      await connection().getByText('Viewing 25 Dec 2013 (as happened by then)', { exact: true }).waitFor();
      await field('MY', 'percent').getByText('100%', { exact: true }).waitFor();
      // Past the slow answer's arrival: the page still shows the day chosen last.
      await page.waitForTimeout(3_000);
      expect(await field('MY', 'percent').textContent()).toBe('100%');
      expect(await connection().textContent()).toBe('Viewing 25 Dec 2013 (as happened by then)');
      expect(page.url()).toContain(encodeURIComponent('2013-12-25T15:59:59.999Z'));
    } finally {
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    }
  });

  it('tells a visitor without a key where keys come from', async () => {
    await page.goto(`${proxy.url}/health`);
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${proxy.url}/`);
    const sources = page.locator('[data-field=key-sources]');
    await sources.waitFor();
    const said = await sources.textContent();
    expect(said).toContain('API_KEYS');
    expect(said).toMatch(/first start/);
    expect(said).toContain('npm run demo');
  });
});
