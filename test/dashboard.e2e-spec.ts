import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BrowserProxy } from './support/browser-proxy';
import { SKIP_MESSAGE, hasChromium, launchChromium, screenshotPath } from './support/browser';
import { driveScenario } from './support/drive-scenario';
import { NOW, PROGRAM_ID, referenceSteps } from './support/reference-scenario';
import { TestClock } from './support/test-clock';
import { KEYS, TestServer } from './support/test-server';

// Functions given to page.evaluate run in the page; the root tsconfig has no DOM lib, so their globals are declared here.
declare const sessionStorage: {
  clear(): void;
  setItem(key: string, value: string): void;
  readonly length: number;
};
declare const window: any;
declare const document: any;
declare const getComputedStyle: (element: unknown) => { fontSize: string };

const P = `/programs/${PROGRAM_ID}`;
const TZ = 'Asia/Singapore';
const EXPECTED_STATUSES = {
  IN: 'completed',
  HK: 'on_track',
  SG: 'on_track',
  ID: 'at_risk',
  MY: 'off_track',
  TW: 'off_track',
  PH: 'not_started',
};
const WORDS: Record<string, string> = {
  completed: 'Completed',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  not_started: 'Not started',
};
const percent = (n: number) => `${n.toLocaleString('en', { maximumFractionDigits: 2 })}%`;
const date = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat('en-GB', {
        timeZone: TZ,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      }).format(new Date(iso))
    : '—';

const NAMES: Record<string, string> = {
  IN: 'India',
  HK: 'Hong Kong',
  ID: 'Indonesia',
  MY: 'Malaysia',
  PH: 'Philippines',
  SG: 'Singapore',
  TW: 'Taiwan',
};
/**
 * A finish date as the page shows it: the forecast's date while users are verified day by day; words where
 * a date would mislead (nothing verified lately, all verified but not cut over, not started).
 */
function finish(m: any, which: 'p50' | 'p85' | 'p95'): string {
  if (m.phase === 'completed') return date(m.forecast[which]);
  if (m.remainingUsers === 0) return 'all verified';
  if (m.phase === 'planned' || m.throughputPerDay === 0) return 'no finish date';
  return date(m.forecast[which]);
}

if (!hasChromium()) console.log(SKIP_MESSAGE);
const describeInBrowser = hasChromium() ? describe : describe.skip;

describeInBrowser('the dashboard in a real browser (Chromium), on the 2014 reference program', () => {
  const clock = new TestClock(NOW);
  let server: TestServer;
  let proxy: BrowserProxy;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const card = (market: string) => page.locator(`article.market-card[data-market="${market}"]`);
  const connection = () => page.locator('#connection');

  async function signIn(key: string): Promise<void> {
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /**
   * Sets the kept key on a page of the same origin that runs no script (/health), then loads the dashboard
   * afresh: no earlier view is left running to race with the new key.
   */
  async function load(hash: string, key: string | null): Promise<void> {
    await page.goto(`${proxy.url}/health`);
    await page.evaluate((k) => {
      sessionStorage.clear();
      if (k !== null) sessionStorage.setItem('migration-tracker.api-key', k);
    }, key);
    await page.goto(`${proxy.url}/${hash}`);
  }

  /** A fresh page load with no key kept. */
  async function openSignedOut(): Promise<void> {
    await load('', null);
    await page.getByLabel('API key').waitFor();
  }

  /** A fresh page load of a deep link, with a key already kept for this browser session. */
  const openSignedIn = (hash: string, key: string = KEYS.viewer) => load(hash, key);

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now });
    await driveScenario(server, clock, referenceSteps());
    clock.set(NOW);
    proxy = await BrowserProxy.start(server.url);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('asks for a key, and refuses a wrong one with a message', async () => {
    await openSignedOut();
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await signIn('not-a-real-key');
    const error = page.locator('#sign-in-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toContain('refused (401)');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.screenshot({ path: screenshotPath('sign-in-refused') });
  });

  it("shows the seven markets with the API's own figures and statuses", async () => {
    await openSignedOut();
    await signIn(KEYS.viewer);
    await page.waitForURL(/#\/programs\/intl-2014$/);
    await connection().getByText('Live').waitFor();
    const api = (await server.get(`${P}/progress`, { key: 'viewer' })).body;
    expect(await page.locator('article.market-card').count()).toBe(7);
    for (const market of api.markets) {
      const detail = (await server.get(`${P}/markets/${market.market}/progress`, { key: 'viewer' })).body;
      const shown = card(market.market);
      expect(market.status).toBe(EXPECTED_STATUSES[market.market as keyof typeof EXPECTED_STATUSES]);
      expect(await shown.getAttribute('data-status')).toBe(market.status);
      expect(await shown.locator('[data-field=status]').textContent()).toBe(WORDS[market.status]);
      expect(await shown.locator('[data-field=percent]').textContent()).toBe(percent(market.percentVerified));
      await shown.locator('[data-field=p50]').getByText(finish(detail, 'p50'), { exact: true }).waitFor();
      expect(await shown.locator('[data-field=p85]').textContent()).toBe(finish(detail, 'p85'));
      expect(await shown.locator('[data-field=probability]').textContent()).toBe(
        `${Math.round(detail.forecast.probabilityByDeadline * 100)}%`,
      );
      expect(await shown.locator('[data-field=stale]').isVisible()).toBe(market.stale);
      expect(await shown.locator('canvas').getAttribute('aria-label')).toContain(
        `Burn-up of ${NAMES[market.market]} (${market.market}): `,
      );
      expect(await shown.locator('[data-field=link]').textContent()).toBe(
        `${NAMES[market.market]} (${market.market})`,
      );
    }
    expect(await card('HK').locator('[data-field=counts]').textContent()).toBe('183,000 of 410,000 users');
    expect(await card('HK').locator('[data-field=actual]').textContent()).toBe('3,000/day');
    expect(await page.locator('[data-field=days-left]').textContent()).toBe('122 days');
    expect(await page.locator('[data-field=verified]').textContent()).toBe(
      `1,710,000 of 3,960,000 users (${percent(api.totals.percentVerified)})`,
    );
    expect(await page.locator('ol.timeline li').count()).toBeGreaterThan(5);
    await page.screenshot({ path: screenshotPath('program-laptop'), fullPage: true });
    await page.screenshot({ path: screenshotPath('program-laptop-viewport') });
    if (process.env.DASHBOARD_SCREENSHOT)
      copyFileSync(
        screenshotPath('program-laptop'),
        join(__dirname, '..', 'apps', 'dashboard', 'screenshot.png'),
      );
  });

  it('opens a market by deep link, with its chart, a table alternative and the forecast dates', async () => {
    await openSignedIn(`#/programs/${PROGRAM_ID}/markets/ID`);
    await page.getByRole('heading', { level: 1, name: 'Indonesia (ID) → singapore' }).waitFor();
    const detail = (await server.get(`${P}/markets/ID/progress`, { key: 'viewer' })).body;
    const series = (await server.get(`${P}/markets/ID/series`, { key: 'viewer' })).body;
    const chart = page.locator('canvas#burn-up');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.getAttribute('aria-label')).toContain(
      'Burn-up of Indonesia (ID): 455,000 of 1,150,000 users verified',
    );
    expect(await page.locator('[data-field=status]').textContent()).toBe('At risk');
    expect(await page.locator('[data-field=p50]').textContent()).toBe(date(detail.forecast.p50));
    expect(await page.locator('[data-field=p95]').textContent()).toBe(date(detail.forecast.p95));
    expect(await page.locator('.chart-table tbody tr').count()).toBe(series.days.length);
    await connection().getByText('Live').waitFor();
    await page.screenshot({ path: screenshotPath('market-laptop'), fullPage: true });
  });

  it('is usable by keyboard: the first links lead to a market and back', async () => {
    await openSignedIn(`#/programs/${PROGRAM_ID}`);
    await card('IN').waitFor();
    await card('IN').locator('a').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/markets\/IN$/);
    await page.getByRole('heading', { level: 1, name: 'India (IN) → us-east' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('market-title');
    await page.getByRole('link', { name: /International user data relocation 2014/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/programs\/intl-2014$/);
  });

  it('updates a card without reload when a step is POSTed', async () => {
    await openSignedIn(`#/programs/${PROGRAM_ID}`);
    await card('HK').locator('[data-field=percent]').waitFor();
    await connection().getByText('Live').waitFor();
    await page.evaluate(() => (window.__sameDocument = true));
    // A keyboard user sitting on a card keeps the focus through live updates.
    await card('TW').locator('a').focus();
    await server.post(`${P}/markets/HK/batches/HK-LIVE-1/copied`, { users: 5_000 });
    const step = await server.post(`${P}/markets/HK/batches/HK-LIVE-1/verified`, {});
    const after = (
      await server.get(`${P}/markets/HK/progress?minPosition=${step.body.position}`, { key: 'viewer' })
    ).body;
    expect(after.verifiedUsers).toBe(188_000);
    await card('HK')
      .locator('[data-field=percent]')
      .getByText(percent(after.percentVerified), { exact: true })
      .waitFor();
    await card('HK').locator('[data-field=counts]').getByText('188,000 of 410,000 users').waitFor();
    await page.locator('ol.timeline li', { hasText: 'HK batch verified' }).first().waitFor();
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Taiwan (TW)');
  });

  it('says when the live connection is lost and when it is back', async () => {
    await openSignedIn(`#/programs/${PROGRAM_ID}`);
    await connection().getByText('Live').waitFor();
    proxy.cut();
    await connection()
      .getByText(/reconnecting/i)
      .waitFor();
    await page.screenshot({ path: screenshotPath('reconnecting') });
    await server.restart();
    proxy.up(server.url);
    await connection().getByText('Live').waitFor({ timeout: 20_000 });
    await server.post(`${P}/markets/TW/batches/TW-LIVE-1/copied`, { users: 2_000 });
    await server.post(`${P}/markets/TW/batches/TW-LIVE-1/verified`, {});
    await card('TW').locator('[data-field=counts]').getByText('124,000 of 870,000 users').waitFor();
  });

  it('shows the sign-in again, with a message, when the kept key is refused (401)', async () => {
    await openSignedIn(`#/programs/${PROGRAM_ID}`, 'revoked-key');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('#sign-in-error').textContent()).toMatch(/refused/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('fills a wall display (3840×2160) with large type and all seven markets in one row', async () => {
    const wall = await browser.newContext({ viewport: { width: 3840, height: 2160 } });
    try {
      const wallPage = await wall.newPage();
      await wallPage.addInitScript(
        (key) => sessionStorage.setItem('migration-tracker.api-key', key),
        KEYS.viewer,
      );
      await wallPage.goto(`${proxy.url}/#/programs/${PROGRAM_ID}`);
      await wallPage.locator('#connection').getByText('Live').waitFor();
      await wallPage.locator('[data-market=PH] [data-field=p50]').getByText('no finish date').waitFor();
      const fontSize = await wallPage.evaluate(() =>
        parseFloat(getComputedStyle(document.documentElement).fontSize),
      );
      expect(fontSize).toBeGreaterThanOrEqual(24);
      const cardsInFirstRow = await wallPage.evaluate(() => {
        const tops = [...document.querySelectorAll('article.market-card')].map(
          (e) => e.getBoundingClientRect().top,
        );
        return tops.filter((top) => top === tops[0]).length;
      });
      expect(cardsInFirstRow).toBe(7);
      await wallPage.screenshot({ path: screenshotPath('program-wall') });
    } finally {
      await wall.close();
    }
  });

  it('shows a past date from the as-of routes, keeps it against live updates, and goes back to live', async () => {
    await openSignedIn(`#/programs/${PROGRAM_ID}`);
    await connection().getByText('Live').waitFor();
    await card('HK')
      .locator('[data-field=counts]')
      .getByText(/ of 410,000 users$/)
      .waitFor();
    // End of 1 June 2014 in Singapore: the date input means the last instant of that local day.
    const asOf = '2014-06-01T15:59:59.999Z';
    const then = (await server.get(`${P}/progress?asOf=${asOf}&basis=recorded`, { key: 'viewer' })).body;
    const live = (await server.get(`${P}/progress`, { key: 'viewer' })).body;
    const hkThen = then.markets.find((m: { market: string }) => m.market === 'HK');
    const hkLive = live.markets.find((m: { market: string }) => m.market === 'HK');
    expect(hkThen.percentVerified).toBeLessThan(hkLive.percentVerified);

    // By keyboard: type the date, choose the basis, Enter submits.
    await page.getByLabel('View as of end of day').fill('2014-06-01');
    await page
      .getByLabel('Basis')
      .selectOption({ label: 'As logged by then (what the tracker had been told)' });
    await page.getByLabel('View as of end of day').press('Enter');
    await connection().getByText('Viewing 1 Jun 2014 (as logged by then)', { exact: true }).waitFor();
    expect(await connection().getAttribute('data-state')).toBe('historical');
    await page.waitForURL(/#\/programs\/intl-2014\?asOf=2014-06-01T15%3A59%3A59\.999Z&basis=recorded$/);
    await card('HK')
      .locator('[data-field=percent]')
      .getByText(percent(hkThen.percentVerified), { exact: true })
      .waitFor();
    for (const market of then.markets) {
      const shown = card(market.market);
      expect(await shown.getAttribute('data-status')).toBe(market.status);
      expect(await shown.locator('[data-field=status]').textContent()).toBe(WORDS[market.status]);
      expect(await shown.locator('[data-field=percent]').textContent()).toBe(percent(market.percentVerified));
    }
    expect(await page.locator('[data-field=verified]').textContent()).toBe(
      `${then.totals.verifiedUsers.toLocaleString('en')} of ${then.totals.usersInScope.toLocaleString('en')} users (${percent(then.totals.percentVerified)})`,
    );
    await page.screenshot({ path: screenshotPath('program-as-of'), fullPage: true });

    // A live step does not overwrite the historical view.
    await server.post(`${P}/markets/HK/batches/HK-ASOF-1/copied`, { users: 1_000 });
    const step = await server.post(`${P}/markets/HK/batches/HK-ASOF-1/verified`, {});
    const after = (
      await server.get(`${P}/markets/HK/progress?minPosition=${step.body.position}`, { key: 'viewer' })
    ).body;
    await page.waitForTimeout(1_500);
    expect(await card('HK').locator('[data-field=percent]').textContent()).toBe(
      percent(hkThen.percentVerified),
    );
    expect(await connection().textContent()).toBe('Viewing 1 Jun 2014 (as logged by then)');

    // The deep link opens the same past view.
    await openSignedIn(`#/programs/${PROGRAM_ID}?asOf=${encodeURIComponent(asOf)}&basis=recorded`);
    await connection().getByText('Viewing 1 Jun 2014 (as logged by then)', { exact: true }).waitFor();
    await card('HK')
      .locator('[data-field=percent]')
      .getByText(percent(hkThen.percentVerified), { exact: true })
      .waitFor();
    expect(await page.getByLabel('View as of end of day').inputValue()).toBe('2014-06-01');

    // Back to live: live figures, live updates.
    await page.getByRole('button', { name: 'Back to live' }).click();
    await connection().getByText('Live', { exact: true }).waitFor();
    await page.waitForURL(/#\/programs\/intl-2014$/);
    await card('HK')
      .locator('[data-field=percent]')
      .getByText(percent(after.percentVerified), { exact: true })
      .waitFor();
    expect(await card('HK').getAttribute('data-status')).toBe(after.status);
    expect(await page.getByRole('button', { name: 'Back to live' }).isVisible()).toBe(false);
  });

  it('shows a market as of a past date, keeps it against live updates, carries it to the program and back, and goes back to live', async () => {
    const M = `${P}/markets/ID`;
    await openSignedIn(`#/programs/${PROGRAM_ID}/markets/ID`);
    await page.getByRole('heading', { level: 1, name: 'Indonesia (ID) → singapore' }).waitFor();
    await connection().getByText('Live', { exact: true }).waitFor();
    // End of 1 June 2014 in Singapore, as happened by then.
    const asOf = '2014-06-01T15:59:59.999Z';
    const then = (await server.get(`${M}/progress?asOf=${asOf}&basis=occurred`, { key: 'viewer' })).body;
    const live = (await server.get(`${M}/progress`, { key: 'viewer' })).body;
    const series = (await server.get(`${M}/series`, { key: 'viewer' })).body;
    expect(then.verifiedUsers).toBeLessThan(live.verifiedUsers);
    const users = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });
    const figures = (m: typeof then) => ({
      status: WORDS[m.status],
      percent: percent(m.percentVerified),
      counts: `${users(m.verifiedUsers)} of ${users(m.usersInScope)}`,
      actual: `${users(m.throughputPerDay)}/day`,
      required: m.requiredRatePerDay === null ? '—' : `${users(m.requiredRatePerDay)}/day`,
      p50: finish(m, 'p50'),
      p85: finish(m, 'p85'),
      p95: finish(m, 'p95'),
      probability: `${Math.round(m.forecast.probabilityByDeadline * 100)}%`,
      failures: `${m.failures} / ${m.retries}`,
      'last-step': `${m.lastStep.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}, ${date(m.lastStep.occurredAt)}`,
    });
    const shown = async () => {
      const detail = page.locator('article.market-detail');
      const values: Record<string, string | null> = {};
      for (const field of Object.keys(figures(then)))
        values[field] = await detail.locator(`[data-field="${field}"]`).textContent();
      return values;
    };
    const percentShown = () => page.locator('article.market-detail [data-field=percent]');
    const viewing = 'Viewing 1 Jun 2014 (as happened by then)';

    // By keyboard: type the date, choose the basis, Enter submits.
    await page.getByLabel('View as of end of day').fill('2014-06-01');
    await page
      .getByLabel('Basis')
      .selectOption({ label: 'As happened by then (steps logged later included)' });
    await page.getByLabel('View as of end of day').press('Enter');
    await connection().getByText(viewing, { exact: true }).waitFor();
    expect(await connection().getAttribute('data-state')).toBe('historical');
    await page.waitForURL(
      /#\/programs\/intl-2014\/markets\/ID\?asOf=2014-06-01T15%3A59%3A59\.999Z&basis=occurred$/,
    );
    await percentShown().getByText(percent(then.percentVerified), { exact: true }).waitFor();
    expect(await shown()).toEqual(figures(then));
    expect(await page.locator('[data-field=viewing]').textContent()).toBe(
      'Viewing as of the end of 1 Jun 2014 (Asia/Singapore), as happened by then. Live updates are paused.',
    );
    expect(await page.locator('canvas#burn-up').getAttribute('aria-label')).toContain(
      `Burn-up of Indonesia (ID): ${users(then.verifiedUsers)} of 1,150,000 users verified`,
    );
    // The series and the steps have no as-of route: they are cut to the day shown.
    const daysThen = series.days.filter((d: { day: string }) => d.day <= '2014-06-01');
    expect(daysThen.length).toBeLessThan(series.days.length);
    expect(await page.locator('.chart-table tbody tr').count()).toBe(daysThen.length);
    expect(await page.locator('.chart-table tbody tr th').first().textContent()).toBe('1 Jun 2014');
    const stepTimes = await page
      .locator('ol.timeline li time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') as string));
    expect(stepTimes.length).toBeGreaterThan(0);
    for (const time of stepTimes) expect(Date.parse(time)).toBeLessThanOrEqual(Date.parse(asOf));
    await page.screenshot({ path: screenshotPath('market-as-of'), fullPage: true });

    // A live step does not overwrite the past view.
    await server.post(`${M}/batches/ID-ASOF-1/copied`, { users: 5_000 });
    const step = await server.post(`${M}/batches/ID-ASOF-1/verified`, {});
    const after = (await server.get(`${M}/progress?minPosition=${step.body.position}`, { key: 'viewer' }))
      .body;
    expect(after.verifiedUsers).toBe(live.verifiedUsers + 5_000);
    await page.waitForTimeout(1_500);
    expect(await shown()).toEqual(figures(then));
    expect(await connection().textContent()).toBe(viewing);

    // The past view carries to the program page and back.
    await page.getByRole('link', { name: /International user data relocation 2014/ }).click();
    await page.waitForURL(/#\/programs\/intl-2014\?asOf=2014-06-01T15%3A59%3A59\.999Z&basis=occurred$/);
    await connection().getByText(viewing, { exact: true }).waitFor();
    await card('ID')
      .locator('[data-field=percent]')
      .getByText(percent(then.percentVerified), { exact: true })
      .waitFor();
    await card('ID').getByRole('link', { name: 'Indonesia (ID)' }).click();
    await page.waitForURL(/markets\/ID\?asOf=2014-06-01T15%3A59%3A59\.999Z&basis=occurred$/);
    await percentShown().getByText(percent(then.percentVerified), { exact: true }).waitFor();
    expect(await shown()).toEqual(figures(then));

    // A shared link opens the same past view; it may name the local day, pinned to the end of that day.
    await openSignedIn(`#/programs/${PROGRAM_ID}/markets/ID?asOf=2014-06-01&basis=occurred`);
    await connection().getByText(viewing, { exact: true }).waitFor();
    await percentShown().getByText(percent(then.percentVerified), { exact: true }).waitFor();
    expect(await shown()).toEqual(figures(then));
    await page.waitForURL(/markets\/ID\?asOf=2014-06-01T15%3A59%3A59\.999Z&basis=occurred$/);
    expect(await page.getByLabel('View as of end of day').inputValue()).toBe('2014-06-01');
    expect(await page.getByLabel('Basis').inputValue()).toBe('occurred');

    // A day before the market existed: said so, and the figures stay as they were.
    await page.getByLabel('View as of end of day').fill('2014-01-20');
    await page.getByLabel('View as of end of day').press('Enter');
    await page
      .locator('[data-field=viewing]')
      .getByText(/^Not available as of the end of 20 Jan 2014 \(as happened by then\): /)
      .waitFor();
    expect(await shown()).toEqual(figures(then));

    // Back to live, by keyboard: live figures (with the step posted meanwhile), live updates.
    await page.getByRole('button', { name: 'Back to live' }).focus();
    await page.keyboard.press('Enter');
    await connection().getByText('Live', { exact: true }).waitFor();
    await page.waitForURL(/#\/programs\/intl-2014\/markets\/ID$/);
    await percentShown().getByText(percent(after.percentVerified), { exact: true }).waitFor();
    expect(await shown()).toEqual(figures(after));
    expect(await page.getByRole('button', { name: 'Back to live' }).isVisible()).toBe(false);
    expect(await page.locator('[data-field=viewing]').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('as-of-date');
    const seriesAfter = (await server.get(`${M}/series`, { key: 'viewer' })).body;
    expect(await page.locator('.chart-table tbody tr').count()).toBe(seriesAfter.days.length);
  });

  it('lists the programs at / when there are several (and opens the only one directly otherwise)', async () => {
    await server.post('/programs', {
      programId: 'second-2015',
      name: 'Second relocation 2015',
      sourceRegion: 'cn-east',
      deadline: '2015-06-30T23:59:59+08:00',
      timeZone: 'Asia/Singapore',
      dataCategories: ['contacts'],
    });
    await openSignedIn('');
    await page.getByRole('heading', { level: 1, name: 'Programs' }).waitFor();
    expect(await page.locator('.program-list a').allTextContents()).toEqual(
      expect.arrayContaining(['International user data relocation 2014', 'Second relocation 2015']),
    );
    await page.getByRole('link', { name: 'Second relocation 2015' }).click();
    await page.waitForURL(/#\/programs\/second-2015$/);
    await page.getByRole('heading', { level: 1, name: 'Second relocation 2015' }).waitFor();
  });
});
