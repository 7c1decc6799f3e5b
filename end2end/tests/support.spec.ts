import { Browser, Page } from '@playwright/test';
import { agentURL, mainURL } from '../playwright.config';
import { DemoUser, expect, logIn, test, users } from './fixtures';

// A 2×2 PNG (red, green, blue, white), small enough to inline.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC',
  'base64',
);

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, user);
  return page;
}

async function send(page: Page, text: string, withImage: boolean) {
  await page.getByLabel('Message').fill(text);
  if (withImage) {
    await page.getByLabel(/Image/).setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
  }
  await page.getByRole('button', { name: 'Send' }).click();
}

test('an agent merchant writes with an image, the agent replies, the unread marker clears; the platform cannot look', async ({ page, browser, consoleErrors }) => {
  // The agent's merchant writes to its agent, with a picture.
  await logIn(page, users.agentAnnualMerchant);
  await page.getByRole('link', { name: 'Support inbox' }).click();
  await expect(page.getByRole('heading', { name: 'Support from SuperDeals' })).toBeVisible();
  await send(page, 'Our printed coupons came out blank', true);
  await expect(page).toHaveURL(/\/dashboard\/support\/mine#latest$/);
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText('Our printed coupons came out blank');
  const picture = thread.getByRole('img', { name: 'Attached image' });
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);

  // The agent sees it unread in its inbox, with the sender's name and role.
  const agent = await as(browser, users.agent);
  await expect(agent.getByTestId('support-unread')).toHaveText('1');
  await agent.getByRole('link', { name: 'Support inbox' }).click();
  const row = agent.getByTestId('inbox').getByRole('row', { name: /Nasi Lemak House/ });
  await expect(row).toHaveAttribute('data-unread', 'true');
  await expect(row).toContainText('Merchant');
  await expect(row).toContainText('[image] Our printed coupons came out blank');
  await row.getByRole('link').click();
  await expect(agent).toHaveURL(/\/dashboard\/support\/[0-9a-f]{32}$/);
  const conversationPath = new URL(agent.url()).pathname;
  await expect(agent.getByRole('heading', { name: 'Nasi Lemak House Sdn Bhd · Merchant' })).toBeVisible();
  const imageSrc = await agent.getByTestId('thread').getByRole('img').getAttribute('src');
  await send(agent, 'Fixed: print again from the batch page', false);
  await expect(agent.getByTestId('thread')).toContainText('Fixed: print again from the batch page');
  await expect(agent.getByTestId('support-unread')).toHaveCount(0);

  // The merchant sees the reply marked, then read.
  await page.goto(`${agentURL}/dashboard`);
  await expect(page.getByTestId('support-unread')).toHaveText('1');
  await page.getByRole('link', { name: 'Support inbox' }).click();
  await expect(page.getByTestId('thread')).toContainText('Fixed: print again from the batch page');
  await expect(page.getByTestId('thread').locator('.msg.mine .seen')).toHaveText(' · Read');
  await page.goto(`${agentURL}/dashboard`);
  await expect(page.getByTestId('support-unread')).toHaveCount(0);

  // Main-platform staff cannot open the conversation or its image, even with the URL.
  const admin = await as(browser, users.superAdmin);
  const res = await admin.goto(`${mainURL}${conversationPath}`);
  expect(res?.status()).toBe(404);
  await expect(admin.getByTestId('thread')).toHaveCount(0);
  const img = await admin.request.get(`${mainURL}${imageSrc}`);
  expect(img.status()).toBe(404);
  const inbox = await admin.goto(`${mainURL}/dashboard/support`);
  expect(inbox?.status()).toBe(200);
  await expect(admin.getByTestId('inbox')).not.toContainText('Nasi Lemak House');
  // The agent's image is served to the agent's side, as a re-encoded PNG.
  // (In-page fetch: Node cannot resolve *.localhost names, the browser can.)
  const own = await agent.evaluate(async (src) => {
    const r = await fetch(src!);
    return [r.status, r.headers.get('content-type')];
  }, imageSrc);
  expect(own).toEqual([200, 'image/png']);
  expect(consoleErrors).toEqual([]);
});

test('a platform merchant writes without JavaScript and platform support answers @nojs', async ({ page, browser }) => {
  await logIn(page, users.temporaryMerchant);
  await page.goto(`${mainURL}/dashboard/support`);
  // An empty message is refused and stores nothing.
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert')).toContainText('write a message or attach an image');
  await send(page, 'How do I buy more WhatsApp credits?', false);
  await expect(page.getByTestId('thread')).toContainText('How do I buy more WhatsApp credits?');

  const support = await as(browser, users.support);
  await support.goto(`${mainURL}/dashboard/support?unread=1`);
  const row = support.getByTestId('inbox').getByRole('row', { name: /Pop-Up Bazaar/ });
  await expect(row).toContainText('Temporary Merchant');
  await row.getByRole('link').click();
  await send(support, 'Open Credits and pick a WhatsApp package.', false);
  await expect(support.getByTestId('thread')).toContainText('Open Credits and pick a WhatsApp package.');
  await support.goto(`${mainURL}/dashboard/support?unread=1`);
  await expect(support.getByTestId('inbox')).not.toContainText('Pop-Up Bazaar');

  await page.goto(`${mainURL}/dashboard/support`);
  await expect(page.getByTestId('thread')).toContainText('Open Credits and pick a WhatsApp package.');
});

test('the Super Admin adds staff, changes a permission that applies on the next request, and disables them', async ({ page, browser, consoleErrors }) => {
  const email = `desk-${Date.now()}@coupons.test`;
  await logIn(page, users.superAdmin);
  await page.getByRole('link', { name: 'Staff' }).click();
  const add = page.getByTestId('add-staff');
  await add.getByLabel('Name').fill('Dina (Desk)');
  await add.getByLabel('Email').fill(email);
  await add.getByLabel(/First password/).fill('desk-password-123');
  await add.getByLabel('Support').check();
  await add.getByRole('button', { name: 'Add staff' }).click();
  const row = page.getByTestId('staff').locator(`tr[data-email="${email}"]`);
  await expect(row).toContainText('Dina (Desk)');
  await expect(row.getByLabel('Support')).toBeChecked();

  const desk = await (await browser.newContext()).newPage();
  await desk.goto(`${mainURL}/login`);
  await desk.getByLabel('Email').fill(email);
  await desk.getByLabel('Password').fill('desk-password-123');
  await desk.getByRole('button', { name: 'Log in' }).click();
  await expect(desk.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Support inbox' })).toBeVisible();

  await row.getByLabel('Support').uncheck();
  await row.getByLabel('Ad Approver').check();
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByLabel('Ad Approver')).toBeChecked();
  await desk.reload();
  const menu = desk.getByRole('navigation', { name: 'Dashboard' });
  await expect(menu.getByRole('link', { name: 'Ad approvals' })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Support inbox' })).toHaveCount(0);
  expect((await desk.goto(`${mainURL}/dashboard/support`))?.status()).toBe(403);

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row.locator('.state')).toHaveText('Disabled');
  await desk.goto(`${mainURL}/dashboard`);
  await expect(desk).toHaveURL(/\/login/);
  expect(consoleErrors).toEqual([]);
});
