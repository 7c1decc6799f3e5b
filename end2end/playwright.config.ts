import { defineConfig, devices } from '@playwright/test';

// The server under test is the one scripts/build-site.sh (or cargo-leptos) built, started here
// on its own port with a fresh data directory and the demo data, so runs never share state.
const port = process.env.E2E_PORT ?? '3100';
export const demoPassword = process.env.E2E_DEMO_PASSWORD ?? 'e2e-demo-password';
export const mainURL = `http://localhost:${port}`;
export const agentURL = `http://demo-agent.localhost:${port}`;
export const agentCustomDomainURL = `http://www.superdeals.localhost:${port}`;
// A fake Stripe API (answered by the agents spec itself) for the agent key check.
export const fakeStripePort = Number(process.env.E2E_STRIPE_PORT ?? Number(port) + 1000);
const dataDir = `target/e2e-data`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL: mainURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'hydrated', use: { ...devices['Desktop Chrome'] } },
    { name: 'no-js', use: { ...devices['Desktop Chrome'], javaScriptEnabled: false }, grep: /@nojs/ },
  ],
  webServer: {
    command: `rm -rf ${dataDir} && exec ./target/debug/server`,
    cwd: '..',
    url: `${mainURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      BIND_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      DEMO_PASSWORD: demoPassword,
      // Leave the database and queue to the embedded defaults unless the caller picked others.
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      REDIS_URL: process.env.E2E_REDIS_URL ?? '',
      RUST_LOG: 'warn',
      // One address logs in for every test; the per-account limit still applies.
      LOGIN_MAX_PER_ADDRESS: '100000',
      STRIPE_API_BASE: `http://127.0.0.1:${fakeStripePort}`,
    },
  },
});
