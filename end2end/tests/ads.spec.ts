import { Browser, Page } from '@playwright/test';
import { expect, logIn, test, users } from './fixtures';
import { mainURL } from '../playwright.config';

// A 2×2 PNG (red, green, blue, white).
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC',
  'base64',
);

/** Collects the errors a page prints (the fixture watches only its own `page`). */
function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** The merchant buys a 7-day banner shown in Kuala Lumpur and pays in the sandbox. */
async function buyBanner(page: Page, title: string, link: string) {
  await page.goto('/dashboard/ads');
  const form = page.getByTestId('ad-form');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Ad type').selectOption('banner');
  await form.getByLabel('Banner image or video').setInputFiles({ name: 'banner.png', mimeType: 'image/png', buffer: png });
  await expect(form.getByLabel('Duration').locator('option').first()).toHaveText(/^7 days: RM [\d,]+\.\d\d$/);
  await form.getByLabel('Duration').selectOption('7');
  await form.getByLabel('Link').fill(link);
  await form.getByLabel(/^Country/).fill('MY');
  await form.getByLabel(/^Cities/).fill('Kuala Lumpur');
  await form.getByRole('button', { name: 'Buy and pay' }).click();
  await expect(page).toHaveURL(/\/checkout\/sandbox\//);
  await expect(page.getByRole('note')).toContainText('SANDBOX');
  await page.getByRole('button', { name: /Pay RM/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/ads\?paid=1/);
  const card = page.getByTestId('ad-card').filter({ hasText: title });
  await expect(card.getByTestId('ad-state')).toHaveText('Awaiting approval');
  return card;
}

async function approver(browser: Browser) {
  const page = await browser.newPage();
  await logIn(page, users.adApprover);
  await page.goto('/dashboard/ad-approvals');
  return page;
}

test('a merchant buys a banner, an Ad Approver approves it, a visitor in that city sees it, the impression and the click are counted', async ({ browser }, testInfo) => {
  const title = `Kopi ad ${testInfo.project.name} ${Date.now()}`;
  const link = `${mainURL}/?from=ad-${Date.now()}`;
  const merchant = await browser.newPage();
  const merchantErrors = watch(merchant);
  await logIn(merchant, users.annualMerchant);
  await buyBanner(merchant, title, link);

  const ads = await approver(browser);
  const approverErrors = watch(ads);
  const review = ads.getByRole('region', { name: `Ad: ${title}` });
  await expect(review.getByRole('img', { name: `Banner: ${title}` })).toBeVisible();
  await review.getByRole('button', { name: 'Approve' }).click();
  await expect(ads).toHaveURL(/done=approved/);
  await expect(ads.getByRole('region', { name: `Ad: ${title}` })).toHaveCount(0);

  // A visitor filtering by Kuala Lumpur sees it; one filtering by another city does not.
  const visitor = await browser.newPage();
  const visitorErrors = watch(visitor);
  await visitor.goto('/?country=MY&city=Penang');
  await expect(visitor.getByTestId('ad-slot').getByRole('img', { name: title })).toHaveCount(0);
  await visitor.goto('/?country=MY&city=Kuala%20Lumpur');
  const ad = visitor.getByTestId('ad-slot').getByRole('link').filter({ has: visitor.getByRole('img', { name: title }) });
  await expect(ad).toBeVisible();
  await expect(ad).toHaveAttribute('href', /^\/ads\/click\//);
  await ad.scrollIntoViewIfNeeded();

  // Once it has been in view for a second the beacon counts it: the merchant's page shows it.
  await merchant.goto('/dashboard/ads');
  const card = merchant.getByTestId('ad-card').filter({ hasText: title });
  await expect(card.getByTestId('ad-state')).toHaveText('Approved');
  await expect(card).toContainText('Approved: ');
  await expect(card).toContainText('by Adi (Ad Approver)');
  await expect(async () => {
    await merchant.reload();
    await expect(card.getByTestId('impressions')).toHaveText('1', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // The click goes through the redirect to the ad's link and is counted.
  await ad.click();
  await expect(visitor).toHaveURL(link);
  await merchant.reload();
  await expect(card.getByTestId('clicks')).toHaveText('1');

  expect(merchantErrors).toEqual([]);
  expect(approverErrors).toEqual([]);
  expect(visitorErrors).toEqual([]);
});

test("a rejected ad shows the approver's reason and the full refund @nojs", async ({ browser }, testInfo) => {
  const title = `Rejected ad ${testInfo.project.name} ${Date.now()}`;
  const merchant = await browser.newPage();
  const merchantErrors = watch(merchant);
  await logIn(merchant, users.annualMerchant);
  await buyBanner(merchant, title, 'https://kopi.example/deal');

  const ads = await approver(browser);
  const approverErrors = watch(ads);
  const review = ads.getByRole('region', { name: `Ad: ${title}` });
  await review.getByLabel('Reason for rejecting').fill('The banner is too small to read');
  await review.getByRole('button', { name: 'Reject' }).click();
  await expect(ads).toHaveURL(/done=rejected/);
  await expect(ads.getByRole('status')).toContainText('Ad rejected');

  await merchant.goto('/dashboard/ads');
  const card = merchant.getByTestId('ad-card').filter({ hasText: title });
  await expect(card.getByTestId('ad-state')).toHaveText('Rejected');
  await expect(card.getByTestId('reject-reason')).toHaveText('Rejected: The banner is too small to read');
  await expect(card.getByTestId('refund')).toHaveText(/^Refunded in full: RM [\d,]+\.\d\d\.$/);
  await expect(card).toContainText('by Adi (Ad Approver)');
  expect(merchantErrors).toEqual([]);
  expect(approverErrors).toEqual([]);
});
