import { test as base, BrowserContextOptions, expect, Page } from '@playwright/test';
import { agentURL, demoPassword, mainURL } from '../playwright.config';

/** A demo login: where it signs in and which menu sections it must see, in menu order. */
export type DemoUser = { email: string; site: string; role: string; sections: string[] };

const merchantSections = ['overview', 'credits', 'ledger', 'coupons', 'lucky-draw', 'whatsapp', 'campaigns', 'customers', 'ads', 'statements', 'support'];
const temporarySections = merchantSections.filter((s) => s !== 'campaigns');

export const users: Record<string, DemoUser> = {
  superAdmin: {
    email: 'admin@coupons.test', site: mainURL, role: 'Super Admin',
    sections: ['overview', 'ledger', 'packages', 'templates', 'whatsapp', 'campaigns', 'merchants', 'agents', 'pricing', 'ad-approvals', 'statements', 'support', 'staff'],
  },
  support: { email: 'support@coupons.test', site: mainURL, role: 'Platform staff (Support)', sections: ['overview', 'support'] },
  adApprover: { email: 'ads@coupons.test', site: mainURL, role: 'Platform staff (Ad Approver)', sections: ['overview', 'ad-approvals'] },
  financeViewer: { email: 'finance@coupons.test', site: mainURL, role: 'Platform staff (Finance Viewer)', sections: ['overview', 'ledger', 'statements'] },
  annualMerchant: { email: 'kopi@coupons.test', site: mainURL, role: 'Annual merchant', sections: merchantSections },
  temporaryMerchant: { email: 'bazaar@coupons.test', site: mainURL, role: 'Temporary merchant', sections: temporarySections },
  agent: {
    email: 'agent@superdeals.test', site: agentURL, role: 'Agent',
    sections: ['overview', 'ledger', 'whatsapp', 'campaigns', 'merchants', 'pricing', 'payment-settings', 'agent-wallet', 'site', 'ads', 'ad-approvals', 'statements', 'support', 'staff'],
  },
  agentStaff: { email: 'helpdesk@superdeals.test', site: agentURL, role: 'Agent staff (Support)', sections: ['overview', 'support'] },
  agentAnnualMerchant: { email: 'nasi@superdeals.test', site: agentURL, role: 'Annual merchant', sections: merchantSections },
  agentTemporaryMerchant: { email: 'pasar@superdeals.test', site: agentURL, role: 'Temporary merchant', sections: temporarySections },
};

/** The login page of one site. */
export class LoginPage {
  constructor(private readonly page: Page, private readonly site: string) {}

  async open(next?: string) {
    const url = next ? `${this.site}/login?next=${encodeURIComponent(next)}` : `${this.site}/login`;
    await this.page.goto(url);
  }

  /** Fills and sends the form, and waits for the server's answer (a 303 either way). */
  async submit(email: string, password: string) {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    const answered = this.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login');
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await answered;
  }

  error() {
    return this.page.getByRole('alert');
  }
}

/** The dashboard frame: account box and menu. */
export class Dashboard {
  constructor(private readonly page: Page) {}

  menu() {
    return this.page.getByRole('navigation', { name: 'Dashboard' });
  }

  async sections(): Promise<string[]> {
    const links = this.menu().getByRole('link');
    return links.evaluateAll((els) => els.map((e) => e.getAttribute('data-section') ?? ''));
  }

  role() {
    return this.page.getByTestId('role');
  }
}

/** Logs `user` in through the form and waits for the dashboard. */
export async function logIn(page: Page, user: DemoUser) {
  const login = new LoginPage(page, user.site);
  await login.open();
  await login.submit(user.email, demoPassword);
  await expect(page).toHaveURL(`${user.site}/dashboard`);
  await expect(new Dashboard(page).role()).toHaveText(user.role);
}

/**
 * Waits until the page's wasm has hydrated it (the app marks `<body data-hydrated>`), so a
 * form filled afterwards is not reset by hydration and its submit runs in the browser. Only
 * for the hydrated project: with JavaScript off the mark never comes.
 */
export async function hydrated(page: Page) {
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

/**
 * Makes every action and web-first assertion on `page` wait until the current document is
 * live: a page of the app (one that loads the app's module script) counts as live once its
 * wasm marked `<body data-hydrated>`. A click that raced hydration would otherwise do a plain
 * navigation (or nothing), and a field filled then could be reset. Pages that are not the
 * app's (CSV, PDF, plain HTML routes) are acted on at once. Only for contexts with JavaScript.
 */
export async function actWhenLive(page: Page) {
  await page.addLocatorHandler(
    page.locator('html:has(script[type="module"]) body:not([data-hydrated])'),
    async () => {
      await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
    },
    { noWaitAfter: true },
  );
}

export const test = base.extend<{ consoleErrors: string[] }, { liveBrowser: void }>({
  // Every page of a context with JavaScript on, the test's own `page` and those a test opens
  // through `browser.newPage()` / `browser.newContext()`, acts only once the page is live.
  liveBrowser: [
    async ({ browser }, use, workerInfo) => {
      const jsByDefault = workerInfo.project.use.javaScriptEnabled !== false;
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options?: BrowserContextOptions) => {
        const context = await newContext(options);
        if (options?.javaScriptEnabled ?? jsByDefault) {
          context.on('page', (p) => void actWhenLive(p));
        }
        return context;
      };
      await use();
    },
    { scope: 'worker', auto: true },
  ],
  page: async ({ page }, use, testInfo) => {
    if (testInfo.project.use.javaScriptEnabled !== false) await actWhenLive(page);
    await use(page);
  },
  // Every hydrated page must run without errors in the browser console (a hydration mismatch
  // or a wasm panic shows up there).
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (401|403|404|429)/.test(m.text())) errors.push(m.text());
    });
    await use(errors);
  },
});
export { expect };
