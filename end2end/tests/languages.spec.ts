import { Browser, Page } from '@playwright/test';
import { mainURL } from '../playwright.config';
import { expect, logIn, test, users } from './fixtures';

// The market reads English, Bahasa Melayu and Chinese: every page has a language switch (a
// plain form, so it works without JavaScript), the choice is remembered, a browser's
// Accept-Language picks one when nothing was chosen, and a customer's WhatsApp messages go in
// the language they claimed in.

const kopi = 'Free kopi with any kaya toast';

/** A Malaysian mobile number (013-2xxxxxx to 013-9xxxxxx: all valid). */
function phone(): string {
  return `013${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

async function switchTo(page: Page, tag: string) {
  await page.getByTestId('lang-switch').locator(`button[data-lang="${tag}"]`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', tag);
}

async function fresh(browser: Browser, locale?: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: mainURL,
    locale,
    javaScriptEnabled: test.info().project.name !== 'no-js',
  });
  return context.newPage();
}

test('the coupon center reads in Malay and Chinese from the switch, keeps the choice, and a browser asking for one gets it @nojs', async ({ page, browser, consoleErrors }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Show coupons' })).toBeVisible();

  await switchTo(page, 'ms');
  await expect(page.getByRole('button', { name: 'Tunjukkan kupon' })).toBeVisible();
  await expect(page.getByTestId('coupon-cards').locator('li').filter({ hasText: kopi }).getByRole('link')).toHaveText('Dapatkan Kupon');
  // Remembered: a later visit in the same browser is in Malay.
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ms');

  await switchTo(page, 'zh-Hans');
  await expect(page.getByRole('button', { name: '显示优惠券' })).toBeVisible();
  await expect(page.getByTestId('footer-my-data')).toHaveText('您的资料');
  // The switch comes back to the same page, filters and all.
  await page.goto('/?category=cafe');
  await switchTo(page, 'en');
  await expect(page).toHaveURL(/\/\?category=cafe$/);

  // Nothing chosen: the browser's languages decide.
  const zh = await fresh(browser, 'zh-CN');
  await zh.goto('/');
  await expect(zh.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(zh.getByRole('button', { name: '显示优惠券' })).toBeVisible();
  const ms = await fresh(browser, 'ms-MY');
  await ms.goto('/');
  await expect(ms.locator('html')).toHaveAttribute('lang', 'ms');
  const fr = await fresh(browser, 'fr-FR');
  await fr.goto('/');
  await expect(fr.locator('html')).toHaveAttribute('lang', 'en');
  expect(consoleErrors).toEqual([]);
});

test('a switch to an unknown language changes nothing and says which there are', async ({ request }) => {
  const res = await request.post('/lang', { form: { to: 'fr', back: '/' }, headers: { Origin: mainURL }, maxRedirects: 0 });
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain('Bahasa Melayu');
  expect(res.headers()['set-cookie'] ?? '').not.toContain('lang=');
  // And a "back" off the site goes home instead.
  const away = await request.post('/lang', { form: { to: 'ms', back: 'https://evil.example/' }, headers: { Origin: mainURL }, maxRedirects: 0 });
  expect(away.status()).toBe(303);
  expect(away.headers()['location']).toBe('/');
});

test('a claim in Chinese sends the WhatsApp message in Chinese, and the merchant sees it so @nojs', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const number = phone();
  const customer = await fresh(browser);
  await customer.goto('/');
  await switchTo(customer, 'zh-Hans');
  // Kopi Corner's WhatsApp batch is made in the customers spec; here, the merchant makes one.
  await logIn(page, users.annualMerchant);
  for (const pack of ['1,000 coupon credits', '500 WhatsApp UI credits']) {
    await page.goto('/dashboard/credits');
    await page.getByRole('row').filter({ hasText: pack }).getByRole('button', { name: 'Buy' }).click();
    await expect(page).toHaveURL(/\/checkout\/sandbox\//);
    await page.getByRole('button', { name: /Pay RM/ }).click();
    await expect(page).toHaveURL(/\/dashboard\/credits\?paid=1/);
  }
  await page.goto('/dashboard/coupons/new');
  const title = `好味 ${test.info().project.name} ${Date.now() % 100000}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Offer details').fill('半价 Diskaun 50%');
  await page.getByLabel('Business type').fill('Kopitiam');
  await page.getByLabel('City / region').fill('Kuala Lumpur');
  await page.getByLabel('Quantity').fill('5');
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Valid until (last day)').fill(until);
  await page.getByRole('button', { name: 'Generate batch' }).click();
  await expect(page).toHaveURL(/\/dashboard\/coupons\/[0-9a-f]{32}$/);
  const path = `/claim/${new URL(page.url()).pathname.split('/').pop()}`;

  await customer.goto(path);
  await expect(customer.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  const form = customer.getByTestId('claim-form');
  await form.getByLabel('电话').fill(number);
  await form.getByLabel('姓名').fill('林美玲');
  await form.getByLabel('生日', { exact: true }).fill('1985-08-08');
  await form.getByRole('button', { name: '领取优惠券' }).click();
  await expect(customer.getByTestId('claimed-coupon')).toContainText(title);

  const tail = number.slice(-7);
  await expect(async () => {
    await page.goto('/dashboard/whatsapp');
    const bubble = page.getByTestId('sandbox-outbox').locator('.bubble').filter({ hasText: tail }).first();
    await expect(bubble.getByTestId('outbox-language')).toHaveText('zh_CN', { timeout: 1000 });
    await expect(bubble).toContainText('林美玲您好');
    await expect(bubble).toContainText(title);
  }).toPass({ timeout: 60_000, intervals: [2_000] });
});

test('a merchant uses the dashboard in Malay and in Chinese, and the choice follows the account @nojs', async ({ page, browser }) => {
  await logIn(page, users.temporaryMerchant);
  await switchTo(page, 'ms');
  const menu = page.getByRole('navigation', { name: 'Papan pemuka' });
  await expect(menu.locator('a[data-section="coupons"]')).toHaveText('Kupon');
  await page.goto('/dashboard/credits');
  await expect(page.getByText('Baki Kredit Kupon')).toBeVisible();
  // Ledger lines were posted once; each reader sees them in their own language.
  await page.goto('/dashboard/ledger');
  await expect(page.getByRole('cell', { name: 'Kelompok kupon “RM5 off batik scarves”: 20 kupon' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Kredit kupon demo' })).toBeVisible();
  await switchTo(page, 'zh-Hans');
  await expect(page.getByRole('cell', { name: '优惠券批次“RM5 off batik scarves”：20 张优惠券' })).toBeVisible();
  await page.goto('/dashboard/credits');
  await expect(page.getByText('优惠券点数余额')).toBeVisible();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();

  // The account keeps the choice: another browser logging in as the same user reads Chinese.
  const other = await fresh(browser);
  await logInAs(other, users.temporaryMerchant.email);
  await expect(other.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await switchTo(other, 'en');
});

/** Logs in through the form in whatever language the page is in. */
async function logInAs(page: Page, email: string) {
  const { demoPassword } = await import('../playwright.config');
  await page.goto('/login');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(demoPassword);
  await page.locator('form button[type="submit"]').first().click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
