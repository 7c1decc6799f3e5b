import { expect, logIn, test, users } from './fixtures';

test('the Super Admin sells a package, a merchant buys it in the sandbox, and the ledger shows it @nojs', async ({ browser }, testInfo) => {
  const name = `Coupons ${testInfo.project.name} ${Date.now()}`;
  const admin = await browser.newPage();
  await logIn(admin, users.superAdmin);
  await admin.goto('/dashboard/packages');
  await admin.getByLabel('Name').fill(name);
  await admin.getByLabel('Credit type').selectOption('coupon');
  await admin.getByLabel('Credits').fill('250');
  await admin.getByLabel('Price in cents').fill('2500');
  await admin.getByRole('button', { name: 'Create package' }).click();
  await expect(admin.getByRole('cell', { name })).toBeVisible();

  const merchant = await browser.newPage();
  await logIn(merchant, users.annualMerchant);
  // The overview shows the three balances with their exact labels, linking to Credits.
  const overview = merchant.getByTestId('overview-balances');
  for (const label of ['Coupon Credits Remaining', 'WhatsApp UI Credits Remaining', 'WhatsApp BI Credits Remaining']) {
    await expect(overview.getByRole('link', { name: new RegExp(label) })).toHaveAttribute('href', '/dashboard/credits');
  }
  await merchant.goto('/dashboard/credits');
  // Three separate balances with exactly these labels; nothing adds them up.
  await expect(merchant.getByText('Coupon Credits Remaining')).toBeVisible();
  await expect(merchant.getByText('WhatsApp UI Credits Remaining')).toBeVisible();
  await expect(merchant.getByText('WhatsApp BI Credits Remaining')).toBeVisible();
  await expect(merchant.getByText(/Total Remaining/)).toHaveCount(0);
  // Balances are written with grouping (1,250): read them back without it.
  const figure = (text: string) => Number(text.replace(/,/g, ''));
  const before = figure(await merchant.getByTestId('wallet-coupon').locator('.n').innerText());
  const row = merchant.getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: 'Buy' }).click();
  await expect(merchant).toHaveURL(/\/checkout\/sandbox\//);
  await expect(merchant.getByRole('note')).toContainText('SANDBOX');
  await merchant.getByRole('button', { name: /Pay RM 25\.00/ }).click();
  await expect(merchant).toHaveURL(/\/dashboard\/credits\?paid=1/);
  await expect(merchant.getByTestId('wallet-coupon').locator('.n')).toHaveText((before + 250).toLocaleString('en-US'));

  await merchant.goto('/dashboard/ledger?credit_type=coupon&action=purchase');
  await expect(merchant.getByRole('cell', { name: 'Bought 250 Coupon credits' }).first()).toBeVisible();
  const csv = await merchant.request.get('/dashboard/ledger.csv?credit_type=coupon');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('Bought 250 Coupon credits');
  const bad = await merchant.goto('/dashboard/ledger?credit_type=points');
  expect(bad?.status()).toBe(400);
});

test('the Super Admin adjusts a merchant wallet with a reason', async ({ page }) => {
  await logIn(page, users.superAdmin);
  await page.goto('/dashboard/ledger');
  await page.getByLabel('Merchant').selectOption({ label: 'Pop-Up Bazaar (Coupon Central)' });
  await page.getByLabel('Credit type').last().selectOption('wa_ui');
  await page.getByLabel('Amount (negative to take away)').fill('15');
  await page.getByLabel('Reason').fill('Welcome bonus');
  await page.getByRole('button', { name: 'Post adjustment' }).click();
  await expect(page.getByRole('cell', { name: 'Adjustment: Welcome bonus' }).first()).toBeVisible();
});
