import { TestApp } from '../support/test-app.js';
import { TestDatabase } from '../support/test-database.js';
import { ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { waitFor } from '../support/wait-for.js';
import { allSettled, createOrders, paidOrders, paymentSuccessFor, statusOf } from './fault-fixtures.js';

describe('fault: Postgres stops while webhooks arrive', () => {
  let postgres: ThrowawayPostgres;
  let app: TestApp;

  beforeAll(async () => {
    postgres = await ThrowawayPostgres.start();
    const database = await TestDatabase.create(postgres.url);
    app = await TestApp.start({ database, env: { DATABASE_CONNECT_TIMEOUT_MS: '500' } });
  });

  afterAll(async () => {
    await app?.stop();
    await postgres?.destroy();
  });

  it('answers 503 while Postgres is down and reports not ready, then accepts again; nothing is half-applied', async () => {
    const orders = await createOrders(app.db, 'PGDOWN', 10);
    const [before, during] = [orders.slice(0, 4), orders.slice(4)];
    for (const id of before) expect((await app.post('payment', paymentSuccessFor(id))).status).toBe(200);
    await allSettled(app.db, before.length);

    await postgres.stop();
    for (const id of during) expect((await app.post('payment', paymentSuccessFor(id))).status).toBe(503);
    expect(await statusOf(app, '/health/ready')).toBe(503);
    expect(await statusOf(app, '/health/live')).toBe(200);

    await postgres.resume();
    await waitFor(async () => (await statusOf(app, '/health/ready')) === 200, { what: 'ready again' });
    // The providers retry what got 503; now it is stored and applied once.
    const retried = await waitFor(
      async () => {
        const answers = await Promise.all(during.map((id) => app.post('payment', paymentSuccessFor(id))));
        return answers.every((answer) => answer.status === 200) ? answers : undefined;
      },
      { what: 'webhooks accepted again', intervalMs: 200 },
    );
    expect(retried.map((answer) => answer.body.status)).toEqual(during.map(() => 'accepted'));

    const counts = await allSettled(app.db, orders.length);
    expect(counts).toEqual({ stored: orders.length, processed: orders.length, applied: orders.length, unfinished: 0 });
    expect(await paidOrders(app.db, 'PGDOWN')).toBe(orders.length);
  });
});
