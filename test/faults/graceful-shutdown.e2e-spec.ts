import pg from 'pg';
import { AppProcess } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { postWebhook } from '../support/signing.js';
import { TestApp, testSecret } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import { createOrders, paymentSuccessFor } from './fault-fixtures.js';

/**
 * The app runs as its own OS process (APP_ROLE=all) so that it gets a real
 * SIGTERM. A job is kept "in hand" by holding its order's row lock from the test.
 */
describe('fault: graceful shutdown on SIGTERM', () => {
  let app: TestApp;
  let blocker: pg.Client;
  let appProcess: AppProcess | undefined;

  beforeAll(async () => {
    app = await TestApp.start({ env: { APP_ROLE: 'api' } });
  });

  afterAll(async () => {
    await appProcess?.kill();
    await app?.stop();
  });

  beforeEach(async () => {
    blocker = new pg.Client({ connectionString: app.db.url });
    await blocker.connect();
  });

  afterEach(async () => {
    await blocker.end();
    await appProcess?.kill();
  });

  async function startWithJobInHand(orderId: string, shutdownTimeoutMs: number): Promise<{ url: string; eventId: string }> {
    const port = await freePort();
    appProcess = await AppProcess.start(app, { APP_ROLE: 'all', PORT: String(port), SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) });
    const url = `http://127.0.0.1:${port}`;
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    const response = await postWebhook(url, 'payment', paymentSuccessFor(orderId), { secret: testSecret('payment') });
    expect(response.status).toBe(200);
    await waitFor(async () => (await lockWaiters()) > 0, { what: 'the job waiting for the order lock', timeoutMs: 20_000 });
    return { url, eventId: response.body.eventId as string };
  }

  // Asked on a connection of its own: inside the blocker's transaction, pg_stat_activity would be a frozen snapshot.
  const lockWaiters = async () =>
    Number(
      (
        await app.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0].n,
    );

  const refusesRequests = (url: string) =>
    fetch(`${url}/health/live`).then(
      (response) => response.status === 503,
      () => true,
    );

  it('stops taking requests, finishes the job in hand and exits cleanly within SHUTDOWN_TIMEOUT_MS', async () => {
    const [orderId] = await createOrders(app.db, 'SHUTDOWN', 1);
    const { url, eventId } = await startWithJobInHand(orderId, 10_000);
    const signalledAt = Date.now();
    appProcess!.signal('SIGTERM');

    await waitFor(() => refusesRequests(url), { what: 'HTTP refusing requests' });
    expect(appProcess!.running).toBe(true);
    await blocker.query('ROLLBACK');

    const exit = await appProcess!.exited;
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(await app.event(eventId)).toMatchObject({ status: 'processed', outcome: 'applied', attempts: 1 });
    expect(appProcess!.log).not.toContain('shutdown took longer');
  });

  it('gives up at SHUTDOWN_TIMEOUT_MS with the job uncommitted: nothing of it is applied', async () => {
    const [orderId] = await createOrders(app.db, 'SHUTDOWN-SLOW', 1);
    const { eventId } = await startWithJobInHand(orderId, 1_000);
    const signalledAt = Date.now();
    appProcess!.signal('SIGTERM');

    const exit = await appProcess!.exited;
    const tookMs = Date.now() - signalledAt;
    await blocker.query('ROLLBACK');

    expect(exit.code).toBe(1);
    expect(tookMs).toBeGreaterThanOrEqual(1_000);
    expect(tookMs).toBeLessThan(5_000);
    expect(appProcess!.log).toContain('shutdown took longer than SHUTDOWN_TIMEOUT_MS');
    // Its transaction died with the process: the event waits for another worker, the order is untouched.
    await waitFor(async () => (await lockWaiters()) === 0, { what: 'the dead transaction to be gone' });
    expect(await app.event(eventId)).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await app.db.query('SELECT payment_status FROM orders WHERE id = $1', [orderId]))[0]).toEqual({ payment_status: 'pending' });
  });
});
