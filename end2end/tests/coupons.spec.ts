import { Page } from '@playwright/test';
import { expect, logIn, test, users } from './fixtures';

// A 2×2 PNG (red, green, blue, white).
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC',
  'base64',
);

async function buyCouponCredits(page: Page) {
  await page.goto('/dashboard/credits');
  await page.getByRole('row').filter({ hasText: '1,000 coupon credits' }).getByRole('button', { name: 'Buy' }).click();
  await page.getByRole('button', { name: /Pay RM/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/credits\?paid=1/);
}

test('the Super Admin adds a library template, a merchant makes a batch with it, downloads the PDF, and disabling hides the template', async ({ browser, consoleErrors }, testInfo) => {
  const name = `Autumn ${testInfo.project.name} ${Date.now()}`;
  const admin = await browser.newPage();
  await logIn(admin, users.superAdmin);
  await admin.getByRole('link', { name: 'Template library' }).click();
  const upload = admin.locator('form[action="/dashboard/templates/upload"]');
  await upload.getByLabel('Name').fill(name);
  await upload.getByLabel('Category').fill('Seasonal');
  await upload.getByLabel(/Image/).setInputFiles({ name: 'autumn.png', mimeType: 'image/png', buffer: png });
  await upload.getByRole('button', { name: 'Upload' }).click();
  const card = admin.getByTestId('library').locator(`[data-name="${name}"]`);
  await expect(card).toContainText('Enabled');

  const merchant = await browser.newPage();
  await logIn(merchant, users.annualMerchant);
  await buyCouponCredits(merchant);
  await merchant.goto('/dashboard/coupons');
  // Counts are written with the market's grouping ("1,000").
  const balance = Number((await merchant.getByTestId('coupon-balance').innerText()).split(' ')[0].replace(/,/g, ''));
  await merchant.getByRole('link', { name: 'New batch' }).click();
  await merchant.getByLabel('Title').fill('20% off any drink');
  await merchant.getByLabel('Offer details').fill('One drink of any size, dine in or take away.');
  await merchant.getByLabel('Business type').fill('Coffee shop');
  await merchant.getByLabel('City / region').fill('Kuala Lumpur');
  await merchant.getByLabel('Quantity').fill('5');
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await merchant.getByLabel('Valid until (last day)').fill(until);
  await merchant.locator('.template-choice').filter({ hasText: name }).locator('input').check();
  await merchant.getByRole('button', { name: 'Generate batch' }).click();
  await expect(merchant).toHaveURL(/\/dashboard\/coupons\/[0-9a-f]{32}$/);
  const batchPath = new URL(merchant.url()).pathname;
  const counts = merchant.getByTestId('counts');
  await expect(counts).toContainText('5Generated');
  await expect(counts).toContainText('5Available');
  const download = merchant.getByRole('link', { name: 'Download PDF' });
  await expect(download).toBeVisible({ timeout: 20_000 });
  const pdf = await merchant.request.get((await download.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const serials = await merchant.getByTestId('coupon-lines').locator('td.serial').allInnerTexts();
  expect(serials).toHaveLength(5);
  const csv = await merchant.request.get(`${batchPath}/coupons.csv`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\n').filter((l) => l.trim()).length).toBe(6);
  await merchant.goto('/dashboard/coupons');
  await expect(merchant.getByTestId('coupon-balance')).toHaveText(`${(balance - 5).toLocaleString('en-US')} coupon credits available.`);

  // A coupon nobody claimed yet cannot be redeemed; the refusal says why.
  await merchant.goto('/dashboard/redeem');
  await merchant.getByLabel('Serial').fill(serials[0].toLowerCase());
  await merchant.getByRole('button', { name: 'Redeem' }).click();
  await expect(merchant.getByTestId('redeem-refused')).toContainText('has not been taken by a customer yet');

  // A QR link with an altered signature is recognised as such, by anyone.
  const forged = `/v/${serials[0].replace(/-/g, '')}/AAAAAAAAAAAAAAAA`;
  const visitor = await browser.newPage();
  await visitor.goto(forged);
  await expect(visitor.getByRole('heading', { name: 'Not a genuine coupon' })).toBeVisible();
  await merchant.goto(forged);
  await expect(merchant.getByTestId('redeem-refused')).toBeVisible();

  // Disabled templates are no longer offered; the batch made with it keeps its PDF.
  await card.getByRole('button', { name: 'Disable' }).click();
  await expect(card).toContainText('Disabled');
  await merchant.goto('/dashboard/coupons/new');
  await expect(merchant.locator('.template-choice').filter({ hasText: name })).toHaveCount(0);
  expect((await merchant.request.get(`${batchPath}/coupons.pdf`)).status()).toBe(200);
  expect(consoleErrors).toEqual([]);
});

test('a bad template upload is refused with its reason and nothing is stored @nojs', async ({ page }) => {
  await logIn(page, users.superAdmin);
  await page.goto('/dashboard/templates');
  const before = await page.getByTestId('library').locator('.template').count();
  const upload = page.locator('form[action="/dashboard/templates/upload"]');
  await upload.getByLabel('Name').fill('Not an image');
  await upload.getByLabel('Category').fill('Broken');
  await upload.getByLabel(/Image/).setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a not really') });
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('alert')).toContainText('only PNG, JPEG or WebP');
  await expect(page.getByTestId('library').locator('.template')).toHaveCount(before);
});
