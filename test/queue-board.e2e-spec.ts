import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import type { Browser } from 'puppeteer-core';
import { NOTIFICATIONS_QUEUE } from '../src/notifications/notification-queue.js';
import { BOARD_QUEUES } from '../src/queue-board/queue-board.module.js';
import { launchBrowser, openPage } from './support/browser.js';
import { TEST_ADMIN_KEY, TestApp } from './support/test-app.js';

const BOARD = '/admin/queues';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('queue board at /admin/queues (read-only, behind the admin key)', () => {
  let app: TestApp;
  let browser: Browser;
  const board = (path = '', init: RequestInit = {}) => fetch(`${app.url}${BOARD}${path}`, init);

  beforeAll(async () => {
    [app, browser] = await Promise.all([TestApp.start(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows every queue of the service with its counts to a browser that gives the admin key by HTTP Basic', async () => {
    // A job no worker takes for an hour: something to count.
    const notifications = app.app.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE), { strict: false });
    await notifications.add('queue-board-test', {}, { delay: 3_600_000 });

    const page = await openPage(browser, `${app.url}${BOARD}`, { username: 'operator', password: TEST_ADMIN_KEY });
    await page.waitForFunction(
      (names: readonly string[]) =>
        names.every((name) =>
          (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.includes(name),
        ),
      {},
      BOARD_QUEUES,
    );
    const text = await page.evaluate(
      () => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText,
    );

    for (const name of BOARD_QUEUES) expect(text).toContain(name);
    expect(text).toMatch(/notifications\s+1 Job\b/);
    const overview = (await (await board('/api/queues', { headers: { 'x-api-key': TEST_ADMIN_KEY } })).json()) as {
      queues: Array<{ name: string; counts: Record<string, number>; readOnlyMode: boolean }>;
    };
    expect(overview.queues.map((queue) => [queue.name, queue.readOnlyMode]).sort()).toEqual(
      BOARD_QUEUES.map((name) => [name, true]).sort(),
    );
    expect(overview.queues.find((queue) => queue.name === NOTIFICATIONS_QUEUE)!.counts.delayed).toBe(1);
    await page.close();
  });

  it('answers 401 with a Basic challenge without the key, to a wrong password and to a wrong X-Api-Key', async () => {
    for (const headers of [{}, { authorization: basic('operator', 'not-the-admin-key-0123456789') }, { 'x-api-key': 'wrong' }]) {
      const response = await board('', { headers });
      expect([response.status, response.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="queue board", charset="UTF-8"']);
    }
    // A fresh context: the browser remembers Basic credentials given to an origin.
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const answered = new Promise<number>((resolve) => page.once('response', (response) => resolve(response.status())));
    // Headless Chromium has no one to ask for the password: it gives up on the challenge.
    await expect(page.goto(`${app.url}${BOARD}`)).rejects.toThrow('ERR_INVALID_AUTH_CREDENTIALS');
    expect(await answered).toBe(401);
    await context.close();
  });

  it('lets X-Api-Key in as well', async () => {
    expect((await board('/api/queues', { headers: { 'x-api-key': TEST_ADMIN_KEY } })).status).toBe(200);
  });

  it('refuses to retry, clean or add jobs: read-only', async () => {
    const headers = { authorization: basic('operator', TEST_ADMIN_KEY), 'content-type': 'application/json' };
    const refused = await Promise.all([
      board(`/api/queues/${NOTIFICATIONS_QUEUE}/retry/failed`, { method: 'PUT', headers }),
      board(`/api/queues/${NOTIFICATIONS_QUEUE}/clean/delayed`, { method: 'PUT', headers }),
      board(`/api/queues/${NOTIFICATIONS_QUEUE}/add`, { method: 'POST', headers, body: JSON.stringify({ name: 'x', data: {} }) }),
    ]);
    expect(refused.map((response) => response.status)).toEqual([405, 405, 405]);
  });
});
