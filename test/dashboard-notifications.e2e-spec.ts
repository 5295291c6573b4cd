import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { WebhookReceiver } from '../bench/notify/receiver';
import {
  SKIP_MESSAGE,
  hasChromium,
  launchChromium,
  newDashboardPage,
  screenshotPath,
} from './support/browser';
import { eventually } from './support/eventually';
import { expectPost, NOTIFY_TEST_ENV, programBody } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { KEYS, TestServer } from './support/test-server';

// Functions given to page.evaluate run in the page; the root tsconfig has no DOM lib.
declare const sessionStorage: { clear(): void; setItem(key: string, value: string): void };

const PROGRAM = 'dash-notify';
const P = `/programs/${PROGRAM}`;
const ENV = NOTIFY_TEST_ENV;
if (!hasChromium()) console.log(SKIP_MESSAGE);
const describeInBrowser = hasChromium() ? describe : describe.skip;

describeInBrowser('the dashboard shows the last notification sent about a market (Chromium)', () => {
  const clock = new TestClock('2014-08-25T00:00:00Z');
  let server: TestServer;
  let receiver: WebhookReceiver;
  let failing: WebhookReceiver;
  let secrets: string[];
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const card = (market: string) => page.locator(`article.market-card[data-market="${market}"]`);
  const box = (scope: ReturnType<Page['locator']>) => scope.locator('[data-field=notification]');

  async function open(hash: string, key: string = KEYS.viewer): Promise<void> {
    await page.goto(`${server.url}/health`);
    await page.evaluate((k) => {
      sessionStorage.clear();
      sessionStorage.setItem('migration-tracker.api-key', k);
    }, key);
    await page.goto(`${server.url}/${hash}`);
  }

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now, env: ENV });
    receiver = await new WebhookReceiver().start();
    failing = await new WebhookReceiver().start();
    failing.respond = () => ({ status: 503 });
    // Two markets started a week ago, each verifying far above the rate the deadline needs: on track.
    await expectPost(server, '/programs', programBody(PROGRAM));
    for (const market of ['IN', 'HK']) {
      await expectPost(server, `${P}/markets`, { market, targetRegion: 'singapore', usersInScope: 1000 });
      await expectPost(server, `${P}/markets/${market}/start`);
    }
    clock.set('2014-08-31T00:00:00Z');
    for (const market of ['IN', 'HK']) {
      await expectPost(server, `${P}/markets/${market}/batches/b1/copied`, { users: 500 });
      await expectPost(server, `${P}/markets/${market}/batches/b1/verified`);
    }
    clock.set('2014-09-01T00:00:00Z');
    const progress = (await server.get(`${P}/progress`, { key: 'viewer' })).body;
    expect(progress.markets.map((m: any) => [m.market, m.status])).toEqual([
      ['HK', 'on_track'],
      ['IN', 'on_track'],
    ]);
    const kinds = ['status_changed', 'stale', 'batch_failed'];
    secrets = [];
    for (const url of [receiver.url, failing.url])
      secrets.push((await expectPost(server, '/subscriptions', { url, kinds, programId: PROGRAM })).secret);
    browser = await launchChromium();
    page = await newDashboardPage(browser, pageErrors);
  }, 120_000);

  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.stop();
    await failing?.stop();
  });

  it('shows no notification box for markets never notified about', async () => {
    await open(`#${P}`);
    await card('IN').locator('[data-field=status]').getByText('On track').waitFor();
    await page.locator('#connection').getByText('Live').waitFor();
    // Long enough for a read of the notifications to have come back.
    await page.waitForTimeout(1_500);
    expect(await page.locator('.last-notification:visible').count()).toBe(0);
    expect(await box(card('IN')).isHidden()).toBe(true);
  });

  it('shows, live, a market turned at risk on its card and page: kind, status words, when, to whom', async () => {
    await page.locator('#connection').getByText('Live').waitFor();
    await expectPost(server, `${P}/markets/IN/pause`, { reason: 'storage quota' });
    await eventually(
      async () => receiver.messages().filter((m) => m.type === 'status_changed'),
      (told) => told.length === 1,
    );
    const shown = box(card('IN'));
    await shown.waitFor({ state: 'visible', timeout: 20_000 });
    await shown
      .locator('[data-field=notification-delivery]')
      .getByText(/failing/)
      .waitFor();
    const api = (await server.get(`${P}/notifications`, { key: 'viewer' })).body;
    // What a viewer reads: the notice, never a subscription's URL or secret.
    const answer = JSON.stringify(api);
    for (const secret of [receiver.url, failing.url, ...secrets]) expect(answer).not.toContain(secret);
    expect(api.markets.map((m: any) => m.market)).toEqual(['IN']);
    const last = api.markets[0].lastNotification;
    expect(last).toMatchObject({
      kind: 'status_changed',
      marketStatus: 'at_risk',
      previousStatus: 'on_track',
    });

    expect(await shown.locator('[data-field=notification-kind]').textContent()).toBe('Status changed: ');
    expect(await shown.locator('[data-field=notification-status]').textContent()).toBe(
      'At risk (was On track)',
    );
    expect(await shown.locator('[data-field=notification-when]').textContent()).toBe(
      'Notified 1 Sept 2014, 08:00 GMT+8', // the tracker's clock, as the rest of the page
    );
    expect(await shown.locator('[data-field=notification-delivery]').textContent()).toBe(
      'To 2 subscriptions: 1 delivered, 1 failing, retrying',
    );
    expect(await shown.getAttribute('data-delivery')).toBe('failing');
    // The other market was never notified about: still no box.
    expect(await box(card('HK')).isHidden()).toBe(true);
    await page.screenshot({ path: screenshotPath('program-notifications'), fullPage: true });
    if (process.env.DASHBOARD_SCREENSHOT)
      copyFileSync(
        screenshotPath('program-notifications'),
        join(__dirname, '..', 'apps', 'dashboard', 'screenshot-notifications.png'),
      );

    // While a copy is being retried the page keeps reading, well after the change that brought it.
    const reads: number[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith(`${P}/notifications`)) reads.push(Date.now());
    });
    await page.waitForTimeout(11_000);
    const before = reads.length;
    await page.waitForTimeout(5_000);
    expect(reads.length - before).toBeGreaterThanOrEqual(2);
    expect(await shown.getAttribute('data-delivery')).toBe('failing');
    // The failing receiver recovers: the card follows the retries by itself (no step, no reload).
    failing.respond = () => ({ status: 204 });
    await shown
      .locator('[data-field=notification-delivery]')
      .getByText('Delivered to 2 subscriptions')
      // The next retry comes after a backoff about as long as the failing lasted (about 17 s here).
      .waitFor({ timeout: 45_000 });
    expect(await shown.getAttribute('data-delivery')).toBe('delivered');
  }, 90_000);

  it('shows it on the market page with the sentence receivers got, and none on a market without', async () => {
    await open(`#${P}/markets/IN`);
    await page.getByRole('heading', { level: 1, name: 'India (IN) → singapore' }).waitFor();
    const shown = box(page.locator('article.market-detail'));
    await shown.waitFor({ state: 'visible' });
    expect(await shown.locator('[data-field=notification-status]').textContent()).toBe(
      'At risk (was On track)',
    );
    expect(await shown.locator('[data-field=notification-summary]').textContent()).toMatch(
      /^Market IN of dash-notify is now at risk \(was on track\): the migration is paused; needs /,
    );
    expect(await shown.locator('[data-field=notification-delivery]').textContent()).toBe(
      'Delivered to 2 subscriptions',
    );
    await page.screenshot({ path: screenshotPath('market-notification'), fullPage: true });

    await open(`#${P}/markets/HK`);
    await page.getByRole('heading', { level: 1, name: 'Hong Kong (HK) → singapore' }).waitFor();
    await page.waitForTimeout(1_500);
    expect(await page.locator('.last-notification:visible').count()).toBe(0);
  });

  it('shows no notification as of a past instant', async () => {
    await open(`#${P}/markets/IN?asOf=2014-08-31T12:00:00Z`);
    await page.getByRole('heading', { level: 1, name: 'India (IN) → singapore' }).waitFor();
    await page.waitForTimeout(1_500);
    expect(await page.locator('.last-notification:visible').count()).toBe(0);
  });

  it('lists the subscriptions and their latest messages to an operator, and to nobody else', async () => {
    // Reached from the app bar, as an operator finds it.
    await open(`#${P}`, KEYS.operator);
    await page.getByRole('banner').getByRole('link', { name: 'Subscriptions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhook subscriptions' }).waitFor();
    const subscriptions = page.locator('article.subscription');
    await subscriptions.first().waitFor();
    // Created at one instant of the tracker's clock: listed in id order.
    expect((await subscriptions.locator('h2').allTextContents()).sort()).toEqual(
      [receiver.url, failing.url].sort(),
    );
    const of = (url: string) => subscriptions.filter({ has: page.getByRole('heading', { name: url }) });
    const first = of(receiver.url);
    expect(await first.getByText('Status changed, Turned stale, Batch failed').count()).toBe(1);
    expect(await first.getByText('program dash-notify, every market').count()).toBe(1);
    const rows = first.locator('table.deliveries tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').allTextContents()).toEqual([
      'Status changed',
      'IN',
      expect.stringMatching(/ UTC$/),
      'delivered',
      '1',
      'HTTP 204',
    ]);
    // The one that failed before recovering: several attempts, delivered in the end.
    const retried = of(failing.url).locator('table.deliveries tbody tr').first();
    expect(await retried.locator('[data-field=delivery-state]').textContent()).toBe('delivered');
    expect(Number(await retried.locator('td').nth(4).textContent())).toBeGreaterThan(1);
    await page.screenshot({ path: screenshotPath('subscriptions'), fullPage: true });

    await open('#/subscriptions', KEYS.viewer);
    await page.getByRole('alert').getByText('Only operator keys see subscriptions').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(receiver.url);
  });
});
