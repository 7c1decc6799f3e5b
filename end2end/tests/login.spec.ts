import { mainURL } from '../playwright.config';
import { LoginPage, expect, test } from './fixtures';

test('a wrong password and an unknown account get the same message @nojs', async ({ page }) => {
  const login = new LoginPage(page, mainURL);
  await login.open();
  await login.submit('admin@coupons.test', 'not-the-password');
  await expect(login.error()).toHaveText('The email or password is not correct.');
  await login.submit('nobody@coupons.test', 'not-the-password');
  await expect(login.error()).toHaveText('The email or password is not correct.');
  await expect(page.context().cookies()).resolves.toEqual([]);
});

test('a forged session cookie is refused and removed @nojs', async ({ page, context }) => {
  await context.addCookies([{ name: 'sid', value: 'ab'.repeat(32), url: mainURL }]);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=.*error=expired/);
  expect((await context.cookies()).find((c) => c.name === 'sid')).toBeUndefined();
});

test('login goes on to the page that asked for it @nojs', async ({ page }) => {
  await page.goto('/dashboard/staff');
  await expect(page).toHaveURL(/\/login\?next=/);
  const login = new LoginPage(page, mainURL);
  await login.submit('admin@coupons.test', process.env.E2E_DEMO_PASSWORD ?? 'e2e-demo-password');
  await expect(page).toHaveURL(`${mainURL}/dashboard/staff`);
  await expect(page.getByRole('cell', { name: 'support@coupons.test' })).toBeVisible();
});

test('malformed and oversized requests get clear errors', async ({ request }) => {
  const garbage = await request.post('/login', { data: '%%%', headers: { 'content-type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
  expect(garbage.status()).toBe(303);
  expect(garbage.headers()['location']).toBe('/login?error=input');
  const crossSite = await request.post('/login', { form: { email: 'a@b.c', password: 'x' }, headers: { origin: 'http://evil.example' } });
  expect(crossSite.status()).toBe(403);
  const nothing = await request.get('/no/such/page');
  expect(nothing.status()).toBe(404);
  // Last, and on a connection of its own: the server answers 413 without reading the whole body
  // and closes that connection, so a request reusing it would see a reset.
  const big = await request.post('/login', { data: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'application/x-www-form-urlencoded', connection: 'close' } });
  expect(big.status()).toBe(413);
});
