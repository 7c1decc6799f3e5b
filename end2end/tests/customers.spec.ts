import { Browser, Page } from '@playwright/test';
import { mainURL } from '../playwright.config';
import { expect, logIn, test, users } from './fixtures';

// A customer's data is theirs: a device learns what a store holds about a phone only after
// proving it holds the phone, through the link in the coupon's WhatsApp message. Kopi Corner
// makes a batch that sends coupons by WhatsApp (bought with WhatsApp UI credits in the
// sandbox checkout); the sandbox phone on the merchant's WhatsApp page shows the messages.

/** A Malaysian mobile number no other test uses (013-2xxxxxx to 013-9xxxxxx: all valid). */
function phone(): string {
  return `013${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

async function fresh(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: mainURL, javaScriptEnabled: test.info().project.name !== 'no-js' });
  return context.newPage();
}

async function buy(page: Page, pack: string) {
  await page.goto('/dashboard/credits');
  await page.getByRole('row').filter({ hasText: pack }).getByRole('button', { name: 'Buy' }).click();
  await expect(page).toHaveURL(/\/checkout\/sandbox\//);
  await page.getByRole('button', { name: /Pay RM/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/credits\?paid=1/);
}

/** Makes a WhatsApp batch (3 per customer) and returns its claim page's path. */
async function whatsappBatch(page: Page, title: string): Promise<string> {
  await page.goto('/dashboard/coupons/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Offer details').fill('One slice of pandan cake with any drink.');
  await page.getByLabel('Business type').fill('Bakery');
  await page.getByLabel('City / region').fill('Kuala Lumpur');
  await page.getByLabel('Quantity').fill('10');
  await page.getByLabel('Per-customer limit').fill('3');
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Valid until (last day)').fill(until);
  await expect(page.getByLabel('Send coupons by WhatsApp when claimed')).toBeChecked();
  await page.getByRole('button', { name: 'Generate batch' }).click();
  await expect(page).toHaveURL(/\/dashboard\/coupons\/[0-9a-f]{32}$/);
  return `/claim/${new URL(page.url()).pathname.split('/').pop()}`;
}

async function claim(page: Page, path: string, p: { phone: string; name: string; birthday: string; offers?: boolean }) {
  await page.goto(path);
  const form = page.getByTestId('claim-form');
  await form.getByLabel('Phone').fill(p.phone);
  await form.getByLabel('Name').fill(p.name);
  await form.getByLabel('Birthday', { exact: true }).fill(p.birthday);
  if (p.offers) await form.getByLabel(/Send me offers from/).check();
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/claim\/[0-9a-f]{32}\/get/.test(r.url()));
  await form.getByRole('button', { name: 'Get Coupon' }).click();
  expect((await answered).status()).toBe(303);
  await expect(page.getByTestId('claimed-coupon')).toBeVisible();
  await expect(page.getByTestId('whatsapp-status')).toContainText('on its way to you by WhatsApp');
}

async function lookUp(page: Page, path: string, number: string) {
  await page.goto(path);
  await page.getByTestId('claim-form').getByLabel('Phone').fill(number);
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('recognised')).toBeVisible();
}

test('the proof link in the WhatsApp message binds a fresh device, which then autofills and sees its data; consent is withdrawn there and the merchant erases on request @nojs', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const title = `Pandan cake ${testInfo.project.name} ${Date.now() % 100000}`;
  const number = phone();
  const tail = number.slice(-7);
  await logIn(page, users.annualMerchant);
  await buy(page, '1,000 coupon credits');
  await buy(page, '500 WhatsApp UI credits');
  const path = await whatsappBatch(page, title);

  // First claim of a new phone, offers ticked: this device is the phone's.
  const own = await fresh(browser);
  await claim(own, path, { phone: number, name: 'Lim Mei Ling', birthday: '1979-02-28', offers: true });
  // Second claim on the same device autofills.
  await lookUp(own, path, number);
  await expect(own.getByTestId('recognised')).toContainText('Welcome back');
  await expect(own.getByTestId('claim-form').getByLabel('Birthday', { exact: true })).toHaveValue('1979-02-28');
  // Typing a number first is no proof of holding it: the first claim's device autofills, but
  // only the WhatsApp link opens the customer's data.
  await own.goto('/my-data');
  await expect(own.getByTestId('my-data-unproven')).toBeVisible();
  await expect(own.locator('body')).not.toContainText('1979-02-28');

  // A fresh context with the same phone: no birthday, no name, nothing on /my-data.
  const other = await fresh(browser);
  await lookUp(other, path, number);
  await expect(other.getByTestId('masked-name')).toBeVisible();
  await expect(other.getByTestId('claim-form').getByLabel('Birthday', { exact: true })).toHaveValue('');
  await expect(other.locator('body')).not.toContainText('1979-02-28');
  await claim(other, path, { phone: number, name: 'Mei', birthday: '1979-02-28' });
  await other.goto('/my-data');
  await expect(other.getByTestId('my-data-unproven')).toBeVisible();
  await expect(other.locator('body')).not.toContainText('Lim Mei Ling');

  // The phone receives the second coupon's message; its link proves the phone on the fresh
  // context, which then autofills and sees the data.
  let link = '';
  await expect(async () => {
    await page.goto('/dashboard/whatsapp');
    // Newest first: the second coupon's message is the first of the two to this number.
    const bubbles = page.getByTestId('sandbox-outbox').locator('.bubble').filter({ hasText: tail });
    await expect(bubbles).toHaveCount(2, { timeout: 1000 });
    const text = await bubbles.first().innerText();
    // It greets the phone's holder by the stored name, not by what the other device typed.
    expect(text).toContain('Lim Mei Ling');
    const found = text.match(/https?:\/\/\S+\/p\/[0-9a-f]+\.[0-9a-f]+/);
    expect(found).not.toBeNull();
    link = found![0];
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  await other.goto(new URL(link).pathname);
  await expect(other.getByTestId('claimed-coupon')).toContainText(title);
  await other.getByTestId('proof-form').getByRole('button', { name: 'Remember this device' }).click();
  await expect(other.getByTestId('proof-remembered')).toBeVisible();
  await lookUp(other, path, number);
  await expect(other.getByTestId('recognised')).toContainText('Welcome back');
  await expect(other.getByTestId('claim-form').getByLabel('Name')).toHaveValue('Lim Mei Ling');
  await expect(other.getByTestId('claim-form').getByLabel('Birthday', { exact: true })).toHaveValue('1979-02-28');
  // The link works once: a third context is told so.
  const third = await fresh(browser);
  await third.goto(new URL(link).pathname);
  await expect(third.getByTestId('proof-used')).toBeVisible();
  await third.context().close();

  // On the proven device the customer sees what the store holds and stops its offers.
  await other.goto('/my-data');
  await expect(other.getByTestId('my-name')).toHaveText('Lim Mei Ling');
  await expect(other.getByTestId('merchant-holds').filter({ hasText: 'Kopi Corner' }).getByTestId('consent-stands')).toContainText('Send me offers from Kopi Corner');
  const kopi = other.getByTestId('merchant-holds').filter({ hasText: 'Kopi Corner' });
  await expect(kopi.getByTestId('held-claims').locator('li').filter({ hasText: title })).toHaveCount(2);
  await kopi.getByRole('button', { name: 'Stop offers from Kopi Corner' }).click();
  await expect(other.getByTestId('merchant-holds').filter({ hasText: 'Kopi Corner' }).getByTestId('consent-withdrawn')).toBeVisible();

  // The merchant finds the customer and erases them on request.
  await page.goto(`/dashboard/customers?q=${tail}`);
  const row = page.getByTestId('customers').locator('tbody tr').filter({ hasText: 'Lim Mei Ling' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('No');
  await row.getByLabel('They asked').check();
  await row.getByRole('button', { name: 'Erase personal data' }).click();
  if (testInfo.project.name !== 'no-js') await expect(page.getByTestId('erased')).toContainText('Erased. 2 coupon records kept');
  await page.goto(`/dashboard/customers?q=${tail}`);
  await expect(page.getByTestId('no-customers')).toBeVisible();
  // The coupons stay, without the number.
  await page.goto('/dashboard/whatsapp');
  await expect(page.getByTestId('sandbox-outbox')).not.toContainText(tail);
  await other.goto('/my-data');
  await expect(other.getByTestId('my-data-unproven')).toBeVisible();
  await own.context().close();
  await other.context().close();
});
