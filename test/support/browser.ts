import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing).
 * puppeteer-core downloads no browser: CHROMIUM_PATH points at another one.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium for a suite; close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Containers run as root (no sandbox there) with a small /dev/shm.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** A new page whose uncaught errors fail loudly instead of leaving a test waiting on a page that stopped. */
export async function openPage(browser: Browser, url: string, credentials?: { username: string; password: string }): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  if (credentials) await page.authenticate(credentials);
  const response = await page.goto(url, { waitUntil: 'networkidle0' });
  if (errors.length > 0) throw new Error(`${url}: ${errors.join('; ')}`);
  if (!response) throw new Error(`${url}: no response`);
  return page;
}

/** The visible text of the first element `selector` matches, once it has some. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const element = await page.waitForSelector(selector, { visible: true });
  return (await element!.evaluate((node) => (node as { innerText?: string }).innerText ?? node.textContent ?? '')).trim();
}
