import { Page } from '@playwright/test';
import { expect, logIn, test, users } from './fixtures';

// A merchant turns a birthday campaign on: the cost preview shows before saving, and the
// worker's next campaign pass (every minute) sends the birthday coupon of a customer whose
// birthday is today, which the sandbox phone then shows. Both projects use Kopi Corner. A
// campaign runs once per merchant and local day, so when the hydrated project ran first the
// no-JavaScript project's customer (who claimed after that run) is due tomorrow, not today:
// there the test proves the forms work without JavaScript and finds the day's birthday
// message on the phone, without requiring it to be its own customer's.

function todayUtc(): string {
  return new Date().toISOString().slice(5, 10);
}

async function buyBiCredits(page: Page) {
  await page.goto('/dashboard/credits');
  const row = page.getByRole('row').filter({ hasText: '200 WhatsApp BI credits' });
  await row.getByRole('button', { name: 'Buy' }).click();
  await expect(page).toHaveURL(/\/checkout\/sandbox\//);
  await page.getByRole('button', { name: /Pay RM/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/credits\?paid=1/);
}

test('a merchant turns on a birthday campaign after its cost preview and the birthday coupon reaches the sandbox phone @nojs', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const hydrated = testInfo.project.name === 'hydrated';
  const merchant = users.annualMerchant;
  const title = 'Free kopi with any kaya toast';
  const name = `Birthday Tester ${Date.now() % 100000}`;
  const phone = `012${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

  // A customer whose birthday is today claims one of the merchant's coupons.
  const customer = await browser.newPage();
  await customer.goto(`${merchant.site}/`);
  await customer.getByTestId('coupon-cards').locator('li').filter({ hasText: title })
    .getByRole('link', { name: /Get Coupon/ }).click();
  const form = customer.getByTestId('claim-form');
  // The form says WhatsApp offers may follow and how to stop them.
  await expect(form.getByText(/Reply STOP/)).toBeVisible();
  await form.getByLabel('Phone').fill(phone);
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Birthday', { exact: true }).fill(`1990-${todayUtc()}`);
  // Offers by WhatsApp need the customer's explicit, unticked-by-default consent.
  await expect(form.getByLabel(/Send me offers from/)).not.toBeChecked();
  await form.getByLabel(/Send me offers from/).check();
  await form.getByRole('button', { name: 'Get Coupon' }).click();
  await expect(customer.getByTestId('claimed-coupon')).toContainText(title);
  await customer.close();

  await logIn(page, merchant);
  await buyBiCredits(page);
  await page.goto('/dashboard/campaigns');
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  const settings = page.getByTestId('campaign-form');
  await settings.getByLabel('Birthday campaign on').check();
  await settings.getByLabel('Days before the birthday').fill('0');
  await settings.getByLabel('Days after the birthday').fill('0');
  const batch = settings.getByLabel('Birthday coupon batch');
  const value = await batch.locator('option', { hasText: title }).first().getAttribute('value');
  await batch.selectOption(value ?? '');
  await settings.getByLabel('Birthday message').fill('Happy birthday from us!');
  // No quiet hours, and the day counted in UTC like the birthday typed above.
  await settings.getByLabel('From').fill('00:00');
  await settings.getByLabel('Until').fill('00:00');
  await settings.getByLabel(/Time zone/).fill('UTC');
  await settings.getByRole('button', { name: 'Preview cost' }).click();
  const preview = page.getByTestId('preview');
  await expect(preview).toContainText('not saved yet');
  // Counts are written with grouping (1,250): read them back without it.
  const figure = async (id: string) => Number((await preview.getByTestId(id).innerText()).replace(/,/g, ''));
  expect(await figure('reach')).toBeGreaterThanOrEqual(1);
  expect(await figure('credits-remaining')).toBeGreaterThanOrEqual(200);
  await page.getByTestId('campaign-form').getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('Campaign settings saved.');
  await expect(page.getByTestId('campaign-form').getByLabel('Birthday campaign on')).toBeChecked();

  // The worker's next pass sends it; the sandbox phone shows it.
  await expect(async () => {
    await page.goto('/dashboard/whatsapp');
    const bubbles = page.getByTestId('sandbox-outbox').locator('.bubble');
    const mine = hydrated ? bubbles.filter({ hasText: name }) : bubbles.filter({ hasText: 'campaign_coupon' });
    await expect(mine.first()).toContainText('Happy birthday from us!', { timeout: 1000 });
  }).toPass({ timeout: 200_000, intervals: [5_000] });
  await page.goto('/dashboard/campaigns');
  await expect(page.getByTestId('runs')).toContainText('Birthday');
});
