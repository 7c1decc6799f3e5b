import { expect, logIn, test, users, DemoUser } from './fixtures';

// A server-function form that fails must land back on its own page with the refusal shown
// beside the form, with JavaScript (the action shows it) and without (the server answers the
// plain form post with a 303 back to the page, the error in its query). Before, a failing
// form without JavaScript left the browser on the raw JSON of the error.
type FailingForm = {
  area: string;
  user: DemoUser;
  path: string;
  fill: Record<string, string>;
  submit: string;
  refusal: RegExp;
};

const forms: FailingForm[] = [
  {
    area: 'ledger (adjustment)', user: users.superAdmin, path: '/dashboard/ledger',
    fill: { 'Amount (negative to take away)': 'lots', Reason: 'goodwill after a complaint' },
    submit: 'Post adjustment', refusal: /Amount/,
  },
  {
    area: 'packages', user: users.superAdmin, path: '/dashboard/packages',
    fill: { Name: 'Nothing at all', Credits: '0', 'Price in cents': '100', Currency: 'MYR' },
    submit: 'Create package', refusal: /at least 1/,
  },
  {
    area: 'staff', user: users.superAdmin, path: '/dashboard/staff',
    fill: { Name: 'Second support', Email: 'support@coupons.test', 'First password (at least 10 characters)': 'a-long-password-1' },
    submit: 'Add staff', refusal: /email|already/i,
  },
  {
    area: 'payment settings', user: users.agent, path: '/dashboard/payment-settings',
    fill: { 'Publishable key': 'pk_test_abcdefgh12', 'Secret key': 'sk_live_abcdefgh12' },
    submit: 'Check and save', refusal: /same mode/,
  },
  {
    area: 'agent wallet (top-up)', user: users.agent, path: '/dashboard/agent-wallet',
    fill: { 'Amount (MYR)': '-5' },
    submit: 'Top up wallet', refusal: /Amount/i,
  },
  {
    area: 'site (custom domain)', user: users.agent, path: '/dashboard/site',
    fill: { Domain: 'not a domain' },
    submit: 'Add domain', refusal: /host name/i,
  },
  {
    area: 'coupons (redeem)', user: users.annualMerchant, path: '/dashboard/redeem',
    fill: { Serial: 'ABCD-EFGH-JKM' },
    submit: 'Redeem', refusal: /serial|coupon/i,
  },
];

for (const f of forms) {
  test(`a refused ${f.area} form lands back on its page with the refusal @nojs`, async ({ page }) => {
    await logIn(page, f.user);
    await page.goto(`${f.user.site}${f.path}`);
    for (const [label, value] of Object.entries(f.fill)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('button', { name: f.submit, exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: f.refusal })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe(f.path);
    await expect(page.locator('body')).not.toContainText('{"App"');
    // The form is there to try again.
    await expect(page.getByRole('button', { name: f.submit, exact: true })).toBeVisible();
  });
}
