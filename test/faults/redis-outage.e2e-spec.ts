import type { WebhookResponse } from '../support/signing.js';
import { TestApp } from '../support/test-app.js';
import { ThrowawayRedis } from '../support/throwaway-redis.js';
import { waitFor } from '../support/wait-for.js';
import { allSettled, createOrders, paidOrders, paymentSuccessFor } from './fault-fixtures.js';

const EVENTS = 60;

describe('fault: Redis stops while webhooks arrive', () => {
  let redis: ThrowawayRedis;
  let app: TestApp;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    app = await TestApp.start({ env: { REDIS_URL: redis.url, ENQUEUE_TIMEOUT_MS: '100' } });
  });

  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  it('stores every event it answers 2xx for, and processes each once Redis is back (sweeper)', async () => {
    const orders = await createOrders(app.db, 'REDIS', EVENTS);
    const answers: WebhookResponse[] = [];
    const sending = (async () => {
      for (const id of orders) answers.push(await app.post('payment', paymentSuccessFor(id)));
    })();

    await waitFor(async () => answers.length >= EVENTS / 4, { what: 'first webhooks answered' });
    await redis.stop();
    const answeredBeforeOutage = answers.length;
    await waitFor(async () => answers.length >= answeredBeforeOutage + EVENTS / 4, { what: 'webhooks answered while Redis is down' });
    await redis.resume();
    await sending;

    const accepted = answers.filter((answer) => answer.status === 200);
    expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([]);
    const stored = await app.db.query<{ id: string }>('SELECT id FROM webhook_events');
    const storedIds = new Set(stored.map((row) => row.id));
    expect(accepted.filter((answer) => !storedIds.has(answer.body.eventId as string))).toEqual([]);

    const counts = await allSettled(app.db, accepted.length, 30_000);
    expect(counts).toMatchObject({ processed: stored.length, applied: stored.length });
    expect(await paidOrders(app.db, 'REDIS')).toBe(stored.length);
    expect(accepted.length).toBe(EVENTS);
  });
});
