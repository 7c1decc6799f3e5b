import { expect, logIn, test, users } from './fixtures';

test('the WhatsApp page shows counts, the log and the sandbox phone; the webhook refuses what it cannot verify @nojs', async ({ page, request }) => {
  await logIn(page, users.annualMerchant);
  await page.goto('/dashboard/whatsapp');
  await expect(page.getByRole('heading', { name: 'WhatsApp', level: 1 })).toBeVisible();
  await expect(page.getByTestId('wa-log')).toBeVisible();
  await expect(page.getByTestId('sandbox-outbox')).toBeVisible();
  // A filter the engine does not know is refused with its reason.
  const bad = await page.goto('/dashboard/whatsapp?status=lost');
  expect(bad?.status()).toBe(400);
  const csv = await page.request.get('/dashboard/whatsapp.csv?status=failed');
  expect(csv.status()).toBe(200);

  // Meta's verification needs the configured token (none is set here), and a notification
  // without a valid X-Hub-Signature-256 changes nothing.
  const challenge = await request.get('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=42');
  expect(challenge.status()).toBe(403);
  const forged = await request.post('/webhooks/whatsapp', {
    headers: { 'X-Hub-Signature-256': 'sha256=' + '0'.repeat(64), 'Content-Type': 'application/json' },
    data: { object: 'whatsapp_business_account', entry: [] },
  });
  expect(forged.status()).toBe(400);
});
