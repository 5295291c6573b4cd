import type { Browser, Page } from 'playwright-core';
import { SKIP_MESSAGE, hasChromium, launchChromium } from './support/browser';
import { eventually } from './support/eventually';
import { expectPost, programBody } from './support/fixtures';
import { KEYS, TestServer } from './support/test-server';

// Runs in the page: the root tsconfig has no DOM lib.
declare const window: any;
declare const document: any;

if (!hasChromium()) console.log(SKIP_MESSAGE);
const describeInBrowser = hasChromium() ? describe : describe.skip;

describeInBrowser('the content security policy in a real browser (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** Console errors and `securitypolicyviolation` events: the test fails on any CSP report. */
  const reports: string[] = [];

  const violations = async (): Promise<string[]> => [
    ...reports.filter((text) => /content security policy/i.test(text)),
    ...((await page.evaluate(() => window.__cspViolations as string[])) ?? []),
  ];

  beforeAll(async () => {
    server = await TestServer.start();
    await expectPost(server, '/programs', programBody('csp', { deadline: '2099-12-31T23:59:59Z' }));
    await expectPost(server, '/programs/csp/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 100,
    });
    await eventually(
      () => server.get('/programs/csp/progress', { key: 'viewer' }),
      (read) => read.status === 200,
    );
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event: any) =>
        window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    page.on('console', (message) => reports.push(message.text()));
    page.on('pageerror', (error) => reports.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders the dashboard sign-in page and a signed-in program with no violation', async () => {
    const answer = await page.goto(`${server.url}/`);
    expect(answer?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByLabel('API key').waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    await page.getByLabel('API key').fill(KEYS.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#connection').getByText('Live').waitFor();
    await page.locator('article.market-card[data-market="IN"]').waitFor();
    expect(await violations()).toEqual([]);
  });

  it('renders the operations list of /docs (Swagger UI) with no violation', async () => {
    const answer = await page.goto(`${server.url}/docs`);
    expect(answer?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    expect(await page.locator('.opblock-summary-path').allTextContents()).toContain('/audit/verify');
    expect(await violations()).toEqual([]);
  });
});
