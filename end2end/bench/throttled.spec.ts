import { Browser, expect, test } from '@playwright/test';

// Each public page's first visit on a slow phone: Chromium throttled through the DevTools
// protocol to 1.6 Mbps down, 750 kbps up, 150 ms round trip, and 4x slower CPU, with an empty
// cache. For each page: bytes on the wire, when its HTML was parsed (DOMContentLoaded: a plain
// form can submit from then), and when it is usable (the public script live: filters apply,
// the wheel can spin; a hydrated page: its wasm has hydrated it).
// Run against a release site: BENCH_URL=http://localhost:3000 npx playwright test -c bench.config.ts
const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const runs = Number(process.env.BENCH_RUNS ?? 3);

async function visit(browser: Browser, path: string, ready: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
  });
  const start = Date.now();
  await page.goto(base + path, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const parsed = Date.now() - start;
  await page.locator(ready).first().waitFor({ state: 'attached', timeout: 120_000 });
  const usable = Date.now() - start;
  await page.waitForLoadState('networkidle');
  await context.close();
  return { bytes, parsed, usable };
}

test('public pages on a throttled phone', async ({ browser }) => {
  // Find a claim link, a store link and its wheel from the center, unthrottled.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/`);
  // A merchant of the demo data with a lucky-draw wheel.
  const merchant = process.env.BENCH_MERCHANT ?? 'Kopi Corner';
  const claim = await page.locator('.coupon-card').filter({ hasText: merchant }).locator('a.button').first().getAttribute('href');
  await page.goto(base + claim!);
  const store = await page.getByRole('link', { name: /More from/ }).getAttribute('href');
  await context.close();
  expect(claim).toBeTruthy();
  const live = 'body[data-hydrated]';
  const pages: [string, string, string][] = [
    ['coupon center', '/', live],
    ['claim form', claim!, 'form[data-testid="claim-form"]'],
    ['store link', store!, live],
    ['store poster', `${store}/poster`, live],
    ['wheel', `${store}/wheel`, 'button.spin:not([disabled])'],
    ['log in (hydrated app, for comparison)', '/login', live],
  ];
  console.log(`| page | KB on the wire | HTML parsed ms | usable ms | (median of ${runs}) |`);
  for (const [name, path, ready] of pages) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await visit(browser, path, ready));
    const median = (k: 'bytes' | 'parsed' | 'usable') => results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs / 2)];
    console.log(`| ${name} | ${(median('bytes') / 1024).toFixed(1)} | ${median('parsed')} | ${median('usable')} |`);
  }
});
