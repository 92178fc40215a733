import type { Browser, Page } from 'puppeteer-core';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { RAZORPAY_EXAMPLES } from '../src/razorpay/razorpay-events.js';
import { launchBrowser, openPage, textOf } from './support/browser.js';
import { TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

/** The example payloads name this order (2,499.00 INR). */
const EXAMPLE_ORDER = 'ORD-2026-12345';

/** Swagger UI's Authorize dialog: the provider's secret field filled in and authorized. */
async function authorize(page: Page, provider: string, secret: string): Promise<void> {
  await click(page, '.auth-wrapper button.authorize');
  const container = await page.waitForSelector(
    `::-p-xpath(//div[contains(@class, "auth-container")][.//h4/code[text()="webhook-${provider}"]])`,
  );
  await (await container!.$('input'))!.type(secret);
  await (await container!.$('button.authorize'))!.click();
  await container!.waitForSelector('button ::-p-text(Logout)');
  await (await container!.$('button.btn-done'))!.click();
}

/** Clicks `selector` once it is on screen (Swagger UI renders what a click opens a moment later). */
async function click(page: Page, selector: string): Promise<void> {
  await (await page.waitForSelector(selector, { visible: true }))!.click();
}

const operation = (path: string) => `.opblock-post:has(.opblock-summary-path[data-path="${path}"])`;

/** Opens the route's operation and switches it to "Try it out". */
async function tryItOut(page: Page, path: string): Promise<void> {
  await click(page, `${operation(path)} .opblock-summary-control`);
  await click(page, `${operation(path)} button.try-out__btn`);
}

/** Replaces the body in the editor, as a tester types it. */
async function editBody(page: Page, path: string, body: string): Promise<void> {
  const editor = `${operation(path)} textarea.body-param__text`;
  await click(page, editor);
  await page.keyboard.down('Control');
  await page.keyboard.press('A');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.sendCharacter(body);
}

/** Presses Execute and reads the status and body Swagger UI shows for the answer. */
async function execute(page: Page, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const block = operation(path);
  const clear = await page.$(`${block} button.btn-clear`);
  if (clear) await clear.click();
  await click(page, `${block} button.execute`);
  const status = Number(await textOf(page, `${block} .live-responses-table .response .response-col_status`));
  const body = JSON.parse(await textOf(page, `${block} .live-responses-table .response-col_description pre`)) as Record<string, unknown>;
  return { status, body };
}

describe('Swagger UI "Try it out" signs webhook requests in the browser (headless Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  /** The headers of every webhook request the page sent. */
  const sent: Array<Record<string, string>> = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([TestApp.start(), launchBrowser()]);
    page = await openPage(browser, `${app.url}/docs`);
    page.on('request', (request) => {
      if (request.url().includes('/api/v2/webhook/')) sent.push(request.headers());
    });
    await page.waitForSelector(operation('/api/v2/webhook/payment'));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const paymentStatusOf = async (orderId: string) => (await app.order(orderId)).paymentStatus;

  it('payment.success, the example as it stands, with the payment secret from Authorize: 200 accepted and the order paid', async () => {
    await app.createOrder({ id: EXAMPLE_ORDER });
    await authorize(page, 'payment', testSecret('payment'));
    await tryItOut(page, '/api/v2/webhook/payment');

    const answer = await execute(page, '/api/v2/webhook/payment');

    expect(answer).toEqual({ status: 200, body: { status: 'accepted', eventId: expect.any(String) } });
    await waitFor(async () => (await paymentStatusOf(EXAMPLE_ORDER)) === 'paid', { what: 'order paid' });
    expect(sent.flatMap((headers) => Object.values(headers))).not.toContain(testSecret('payment'));
  });

  it('an edited body is signed as edited, and edited again still verifies', async () => {
    const order = (await app.createOrder()).id as string;
    const edited = (paymentId: string) =>
      JSON.stringify({ ...PAYMENT_EXAMPLES['payment.success'], order_id: order, payment_id: paymentId }, null, 2);

    await editBody(page, '/api/v2/webhook/payment', edited('pay_edited_1'));
    const first = await execute(page, '/api/v2/webhook/payment');
    await editBody(page, '/api/v2/webhook/payment', edited('pay_edited_2'));
    const second = await execute(page, '/api/v2/webhook/payment');

    expect([first.status, first.body.status, second.status, second.body.status]).toEqual([200, 'accepted', 200, 'accepted']);
    await waitFor(async () => (await paymentStatusOf(order)) === 'paid', { what: 'edited order paid' });
  });

  it('Razorpay, natively signed (X-Razorpay-Signature and its event id) by the razorpay secret: 200 accepted', async () => {
    const order = (await app.createOrder()).id as string;
    const captured = RAZORPAY_EXAMPLES['payment.captured'] as { payload: { payment: { entity: { notes: object } } } };
    const body = structuredClone(captured);
    body.payload.payment.entity.notes = { order_id: order };
    await authorize(page, 'razorpay', testSecret('razorpay'));
    await tryItOut(page, '/api/v2/webhook/razorpay');
    await editBody(page, '/api/v2/webhook/razorpay', JSON.stringify(body, null, 2));

    const answer = await execute(page, '/api/v2/webhook/razorpay');

    expect(answer).toEqual({ status: 200, body: { status: 'accepted', eventId: expect.any(String) } });
    await waitFor(async () => (await paymentStatusOf(order)) === 'paid', { what: 'order paid through Razorpay' });
  });

  it('without a secret in Authorize the request goes unsigned and the server refuses it', async () => {
    await tryItOut(page, '/api/v2/webhook/stripe');
    expect((await execute(page, '/api/v2/webhook/stripe')).status).toBe(401);
  });
});
