import { Dashboard, expect, logIn, test, users } from './fixtures';

for (const [name, user] of Object.entries(users)) {
  test(`${name} logs in and sees exactly its own sections @nojs`, async ({ page, consoleErrors }) => {
    await logIn(page, user);
    const dash = new Dashboard(page);
    expect(await dash.sections()).toEqual(user.sections);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    // Every section in the menu opens; not-yet-built ones say so plainly.
    for (const slug of user.sections.filter((s) => s !== 'overview')) {
      const res = await page.goto(`${user.site}/dashboard/${slug}`);
      expect(res?.status(), slug).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    }
    expect(consoleErrors).toEqual([]);
  });
}

test('a section outside the role answers 403 on the page and on the server function @nojs', async ({ page }) => {
  await logIn(page, users.support);
  const res = await page.goto('/dashboard/merchants');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  const api = await page.request.post('/api/section', { form: { slug: 'merchants' } });
  expect(api.status()).toBe(403);
  const unknown = await page.goto('/dashboard/no-such-section');
  expect(unknown?.status()).toBe(404);
});

test('the hydrated dashboard navigates without reloading the page', async ({ page, consoleErrors }) => {
  await logIn(page, users.superAdmin);
  const documents: string[] = [];
  page.on('request', (r) => { if (r.resourceType() === 'document') documents.push(r.url()); });
  await new Dashboard(page).menu().getByRole('link', { name: 'Merchants' }).click();
  await expect(page).toHaveURL(/\/dashboard\/merchants$/);
  await expect(page.getByRole('cell', { name: 'Kopi Corner Sdn Bhd' })).toBeVisible();
  expect(documents).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('logout ends the session @nojs', async ({ page }) => {
  await logIn(page, users.financeViewer);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login\?logged_out=1/);
  await expect(page.getByRole('status')).toHaveText('You have logged out.');
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard|\/login\?next=\/dashboard/);
});
