import { defineConfig } from '@playwright/test';

// The throttled page-load bench (not a test; see bench/throttled.spec.ts). It loads a site
// already running at BENCH_URL (a release build: scripts/build-site.sh --release, then
// target/release/server), so the figures are the product's, not a debug build's.
export default defineConfig({
  testDir: './bench',
  timeout: 300_000,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
