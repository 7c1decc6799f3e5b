import { agentCustomDomainURL, agentURL, mainURL } from '../playwright.config';
import { Page } from '@playwright/test';
import { expect, logIn, test, users } from './fixtures';

/** POSTs a form to `path` on the page's own site with the page's cookies; returns the status. */
async function postFromPage(page: Page, path: string, form: Record<string, string>): Promise<number> {
  return page.evaluate(async ([p, f]) => {
    const res = await fetch(p, { method: 'POST', body: new URLSearchParams(f) });
    return res.status;
  }, [path, form] as const);
}

test('the demo agent site shows the agent brand and never the platform @nojs', async ({ page }) => {
  for (const site of [agentURL, agentCustomDomainURL]) {
    const res = await page.goto(`${site}/`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coupons from SuperDeals');
    await expect(page.locator('.site-header')).toHaveCSS('background-color', 'rgb(109, 40, 217)');
    await expect(page.locator('.site-header img')).toHaveAttribute('src', '/demo/superdeals-logo.svg');
    await expect(page.locator('body')).not.toContainText('Coupon Central');
    await expect(page).toHaveTitle(/SuperDeals/);
  }
  await page.goto(`${mainURL}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coupons from Coupon Central');
});

test('an unknown host gets a plain 404 that names no tenant @nojs', async ({ page }) => {
  for (const url of [`http://nosuch.localhost:${new URL(mainURL).port}/`, `http://a.b.localhost:${new URL(mainURL).port}/login`]) {
    const res = await page.goto(url);
    expect(res?.status()).toBe(404);
    const body = await page.locator('body').innerText();
    expect(body).toContain('There is no site at this address.');
    expect(body).not.toMatch(/SuperDeals|Coupon Central/);
  }
});

test('an agent cannot open the main platform merchants by id, on pages or server functions', async ({ browser }) => {
  // The Super Admin reads one of the main platform's merchant ids from its own directory.
  const admin = await browser.newPage();
  await logIn(admin, users.superAdmin);
  await admin.goto('/dashboard/merchants');
  const href = await admin.getByRole('link', { name: 'Kopi Corner Sdn Bhd' }).getAttribute('href');
  const platformMerchantId = href!.split('/').pop()!;
  const ok = await admin.goto(href!);
  expect(ok?.status()).toBe(200);
  const agentsList = await admin.request.post(`${mainURL}/api/section`, { form: { slug: 'agents' } });
  const agentTenantId = (await agentsList.json()).Agents[0].tenant_id as string;

  const agent = await browser.newPage();
  await logIn(agent, users.agent);
  const page = await agent.goto(`${agentURL}/dashboard/merchants/${platformMerchantId}`);
  expect(page?.status()).toBe(404);
  await expect(agent.getByRole('heading', { name: 'Not found' })).toBeVisible();
  // Node cannot resolve *.localhost, so the agent's server-function calls go from its page.
  expect(await postFromPage(agent, '/api/merchant', { id: platformMerchantId })).toBe(404);
  expect(await postFromPage(agent, '/api/section', { slug: 'agents' })).toBe(403);
  expect(await postFromPage(agent, '/api/agent', { id: agentTenantId })).toBe(403);
  const agentPage = await agent.goto(`${agentURL}/dashboard/agents/${agentTenantId}`);
  expect(agentPage?.status()).toBe(403);

  // And the other way round: the Super Admin cannot open the agent's merchant.
  await agent.goto(`${agentURL}/dashboard/merchants`);
  const agentHref = await agent.getByRole('link', { name: 'Nasi Lemak House Sdn Bhd' }).getAttribute('href');
  const cross = await admin.goto(`${mainURL}${agentHref}`);
  expect(cross?.status()).toBe(404);
});

test("one site's session cookie means nothing on another site", async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await logIn(page, users.agent);
  const sid = (await ctx.cookies(agentURL)).find((c) => c.name === 'sid')!;
  expect(sid.httpOnly).toBe(true);
  expect(sid.sameSite).toBe('Lax');
  // Replay the agent's cookie on the main platform's host.
  await ctx.addCookies([{ name: 'sid', value: sid.value, url: mainURL }]);
  await page.goto(`${mainURL}/dashboard`);
  await expect(page).toHaveURL(/\/login\?next=.*error=expired/);
  await expect(page.getByRole('alert')).toHaveText('Your session has ended. Please log in again.');
  const api = await page.request.post(`${mainURL}/api/overview`, { form: {} });
  expect(api.status()).toBe(401);
  await ctx.close();
});
