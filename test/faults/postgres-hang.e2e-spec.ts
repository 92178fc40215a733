import { TestApp } from '../support/test-app.js';
import { TestDatabase } from '../support/test-database.js';
import { ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { waitFor } from '../support/wait-for.js';
import { allSettled, createOrders, paidOrders, paymentSuccessFor, statusOf } from './fault-fixtures.js';

describe('fault: Postgres hangs (frozen, connections open) while webhooks arrive', () => {
  let postgres: ThrowawayPostgres;
  let app: TestApp;

  beforeAll(async () => {
    postgres = await ThrowawayPostgres.start();
    const database = await TestDatabase.create(postgres.url);
    app = await TestApp.start({ database, env: { DATABASE_CONNECT_TIMEOUT_MS: '500', DATABASE_QUERY_TIMEOUT_MS: '1000' } });
  });

  afterAll(async () => {
    postgres?.thaw();
    await app?.stop();
    await postgres?.destroy();
  });

  it('answers 503 instead of hanging, reports not ready, and accepts once Postgres answers again', async () => {
    const [before, during] = await createOrders(app.db, 'PGHANG', 2);
    expect((await app.post('payment', paymentSuccessFor(before))).status).toBe(200);
    await allSettled(app.db, 1);

    postgres.freeze();
    try {
      // Without a query timeout this request would wait on its pooled connection for ever.
      expect((await app.post('payment', paymentSuccessFor(during))).status).toBe(503);
      expect(await statusOf(app, '/health/ready')).toBe(503);
    } finally {
      postgres.thaw();
    }

    // The provider retries what got 503. Its INSERT may have reached Postgres before the
    // freeze and committed after the thaw: then the retry is a duplicate of a stored event.
    const retried = await waitFor(
      async () => {
        const answer = await app.post('payment', paymentSuccessFor(during));
        return answer.status === 200 ? answer : undefined;
      },
      { what: 'webhook accepted again', intervalMs: 200 },
    );
    expect(['accepted', 'duplicate']).toContain(retried.body.status);
    expect(await allSettled(app.db, 2)).toEqual({ stored: 2, processed: 2, applied: 2, unfinished: 0 });
    expect(await paidOrders(app.db, 'PGHANG')).toBe(2);
  });
});
