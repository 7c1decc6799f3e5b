import { readFileSync } from 'node:fs';
import { expect, hydrated, logIn, test, users } from './fixtures';

/** Last month in Asia/Kuala_Lumpur (UTC+8, the demo platform's time zone), as YYYY-MM. */
function lastMonth(): string {
  const local = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

test('a merchant opens its statements, downloads last month\'s PDF, and nobody else\'s merchant can', async ({ page, browser, consoleErrors }) => {
  await logIn(page, users.annualMerchant);
  const month = lastMonth();
  // The worker generates last month's statements on its first pass after the server starts.
  await expect(async () => {
    await page.goto('/dashboard/statements');
    await expect(page.getByTestId('statements').getByRole('row').filter({ hasText: month })).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Statements', level: 1 })).toBeVisible();
  const rows = page.getByTestId('statements').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toContainText('Kopi Corner Sdn Bhd');
  await expect(row).toContainText('Merchant');

  const link = row.getByRole('link', { name: 'Download PDF' });
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(/^\/dashboard\/statements\/[0-9a-f]{32}\/statement\.pdf$/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(`statement-merchant-${month}.pdf`);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(1_000);

  // Another merchant (of the agent) guessing this id gets 404, as for an id that does not exist.
  const other = await (await browser.newContext()).newPage();
  await logIn(other, users.agentAnnualMerchant);
  // (A navigation, not `request`: only the browser resolves *.localhost.)
  const guessed = await other.goto(`${users.agentAnnualMerchant.site}${href}`);
  expect(guessed?.status()).toBe(404);
  // Logged out: sent to the login page, no PDF.
  const anon = await (await browser.newContext()).newPage();
  const res = await anon.request.get(href, { maxRedirects: 0 });
  expect([302, 303, 307, 401]).toContain(res.status());
  expect(res.headers()['content-type'] ?? '').not.toContain('application/pdf');
  expect(consoleErrors).toEqual([]);
});

test('the Super Admin sees every statement and regenerates last month', async ({ page, consoleErrors }) => {
  await logIn(page, users.superAdmin);
  const month = lastMonth();
  await expect(async () => {
    await page.goto('/dashboard/statements');
    await expect(page.getByTestId('statements').getByRole('row').filter({ hasText: 'Platform' }).filter({ hasText: month })).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('statements')).toContainText('SuperDeals Marketing Sdn Bhd');
  await hydrated(page);
  await page.getByLabel('Month').fill(month);
  await page.getByRole('button', { name: 'Regenerate every statement of this month' }).click();
  await expect(page.getByTestId('regenerated')).toContainText('statements regenerated');
  expect(consoleErrors).toEqual([]);
});
