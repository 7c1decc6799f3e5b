import http from 'node:http';
import { expect, hydrated, logIn, test, users } from './fixtures';
import { agentURL, fakeStripePort } from '../playwright.config';

/** Stripe's `GET /v1/balance` as documented: 401 for an unknown key, a test-mode balance else. */
function fakeStripe(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/v1/balance' && key === 'sk_test_goodkey12345678') {
      res.end(JSON.stringify({ object: 'balance', livemode: false, available: [], pending: [] }));
    } else {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } }));
    }
  });
  return new Promise((resolve) => server.listen(fakeStripePort, '127.0.0.1', () => resolve(server)));
}

/** Money as the pages print it, e.g. "RM 1,200.00" or "-RM 5.00", back to cents. */
function cents(text: string): number {
  const m = text.match(/(-?)[A-Z]* ?([\d,]+)\.(\d\d)/);
  if (!m) throw new Error(`no amount in ${text}`);
  const value = Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]);
  return m[1] === '-' ? -value : value;
}

test('an agent connects Stripe keys: a wrong key is refused, the saved secret is only ever shown masked', async ({ page, consoleErrors }) => {
  const stripe = await fakeStripe();
  try {
    await logIn(page, users.agent);
    await page.goto(`${agentURL}/dashboard/payment-settings`);
    // The refusal is shown by the hydrated form: let the page hydrate before submitting.
    await hydrated(page);
    await expect(page.getByTestId('webhook-url')).toContainText('/webhooks/stripe/agents/');
    await page.getByLabel('Publishable key').fill('pk_test_abcdefgh12345678');
    await page.getByLabel('Secret key').fill('sk_test_wrongkey1234567');
    await page.getByRole('button', { name: 'Check and save' }).click();
    await expect(page.getByRole('alert')).toContainText('the secret key is not valid');
    await expect(page.getByTestId('saved-keys')).toHaveCount(0);

    await page.getByLabel('Secret key').fill('sk_test_goodkey12345678');
    await page.getByRole('button', { name: 'Check and save' }).click();
    await expect(page.getByTestId('saved-keys')).toContainText('sk_test_…5678');
    await page.reload();
    await expect(page.getByTestId('saved-keys')).toContainText('test');
    expect(await page.content()).not.toContain('sk_test_goodkey12345678');
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  } finally {
    stripe.close();
  }
});

test('agents see the price sheet read-only with their profit; only the Super Admin can change it', async ({ page, browser }) => {
  await logIn(page, users.agent);
  await page.goto(`${agentURL}/dashboard/pricing`);
  const fee = page.getByRole('row').filter({ hasText: 'Annual merchant fee' });
  await expect(fee.getByTestId('profit')).toHaveText(/RM [\d,]+\.\d\d/);
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  // The server function refuses an agent whatever the page shows.
  const refused = await page.evaluate(async () => {
    const body = new URLSearchParams({ currency: 'MYR', item: 'annual_fee', price_minor: '1', platform_cost_minor: '0' });
    const r = await fetch('/api/set_price_item', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return r.status;
  });
  expect(refused).toBe(403);

  const admin = await browser.newPage();
  await logIn(admin, users.superAdmin);
  await admin.goto('/dashboard/pricing');
  const row = admin.getByRole('row').filter({ hasText: 'Ad, 7 days' });
  await row.getByLabel('Ad, 7 days price in cents').fill('5500');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByRole('row').filter({ hasText: 'Ad, 7 days' })).toContainText('RM 55.00');
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: 'Ad, 7 days' })).toContainText('RM 55.00');
});

test('a merchant signs up on the agent site and pays; it waits for the agent top-up, then activates exactly once', async ({ page, browser }) => {
  // The agent's wallet before.
  const agent = await browser.newPage();
  await logIn(agent, users.agent);
  await agent.goto(`${agentURL}/dashboard/agent-wallet`);
  const balanceBefore = cents(await agent.getByTestId('agent-balance').innerText());

  // A new business signs up on the agent's host as an annual merchant and pays the fee.
  const email = `teh-${test.info().project.name}-${Date.now()}@example.com`;
  await page.goto(`${agentURL}/signup`);
  await expect(page.getByRole('heading', { name: 'Sign up your business on SuperDeals' })).toBeVisible();
  await page.getByLabel('Company name').fill('Teh Tarik House');
  await page.getByLabel('City').fill('Penang');
  await page.getByLabel('Your name').fill('Ahmad');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/Password/).fill('a-long-password-1');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(`${agentURL}/dashboard`);
  await expect(page.getByTestId('membership')).toContainText('Pending payment');
  // Not active yet: no new batches.
  await page.getByRole('button', { name: /Pay annual fee \(RM 1,200\.00\)/ }).click();
  await expect(page).toHaveURL(/\/checkout\/sandbox\//);
  await expect(page.getByText('Annual merchant fee for RM 1,200.00')).toBeVisible();
  await page.getByRole('button', { name: 'Pay RM 1,200.00' }).click();
  await expect(page).toHaveURL(`${agentURL}/dashboard?paid=1`);

  await agent.reload();
  const row = agent.getByRole('row').filter({ hasText: 'Teh Tarik House' });
  const membership = page.getByTestId('membership');
  if (balanceBefore >= 70000) {
    // The wallet covers the platform cost: active at once, the cost leaves the wallet.
    await expect(membership).toContainText('Active');
    await expect(row).toContainText('Active');
    expect(cents(await agent.getByTestId('agent-balance').innerText())).toBe(balanceBefore - 70000);
    return;
  }
  await page.reload();
  await expect(membership).toContainText('Pending agent top-up');
  await expect(row).toContainText('Pending agent top-up');
  await expect(agent.getByTestId('waiting-banner')).toBeVisible();
  await agent.goto(`${agentURL}/dashboard`);
  await expect(agent.getByTestId('waiting-banner')).toContainText('wait for your wallet top-up');
  // And in its support inbox, as a new reply from the platform (opening it marks it read).
  await agent.goto(`${agentURL}/dashboard/support`);
  await expect(agent.locator('.own-support')).toContainText('New reply');
  await agent.goto(`${agentURL}/dashboard/support/mine`);
  await expect(agent.getByTestId('thread')).toContainText(/Automatic notice: Teh Tarik House paid the annual merchant fee/);

  // The agent tops up enough in the sandbox: the waiting activation completes with it.
  await agent.goto(`${agentURL}/dashboard/agent-wallet`);
  await agent.getByLabel('Amount (MYR)').fill('1000');
  await agent.getByRole('button', { name: 'Top up wallet' }).click();
  await expect(agent).toHaveURL(/\/checkout\/sandbox\//);
  await agent.getByRole('button', { name: 'Pay RM 1,000.00' }).click();
  await expect(agent).toHaveURL(`${agentURL}/dashboard/agent-wallet?paid=1`);
  await expect(agent.getByTestId('waiting-banner')).toHaveCount(0);
  await expect(agent.getByRole('row').filter({ hasText: 'Teh Tarik House' })).toContainText('Active');
  // Every waiting cost (this one and any older) came off the new money, nothing twice.
  const after = cents(await agent.getByTestId('agent-balance').innerText());
  expect(after).toBeLessThanOrEqual(balanceBefore + 100000 - 70000);
  expect(after).toBeGreaterThanOrEqual(0);
  await page.reload();
  await expect(membership).toContainText('Active');
  await expect(membership).toContainText('Renews on');
});
