import { PAYMENT_EXAMPLES } from '../src/payments/payment-events.js';
import { TestApp } from './support/test-app.js';
import { ThrowawayRedis } from './support/throwaway-redis.js';
import { waitFor } from './support/wait-for.js';

describe('inbox durability: a webhook that arrives while Redis is down', () => {
  let redis: ThrowawayRedis;
  let app: TestApp;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    app = await TestApp.start({ env: { REDIS_URL: redis.url, ENQUEUE_TIMEOUT_MS: '200' } });
  });

  afterAll(async () => {
    await app.stop();
    await redis.stop();
  });

  it('is answered 200 accepted and kept pending in Postgres, and pays the order once Redis is back', async () => {
    const order = await app.createOrder();
    const body = { ...PAYMENT_EXAMPLES['payment.success'], order_id: order.id };

    await redis.stop();
    let eventId: string;
    try {
      const response = await app.post('payment', body);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'accepted', eventId: expect.any(String) });
      eventId = response.body.eventId as string;

      const [row] = await app.db.query('SELECT status, attempts, payload FROM webhook_events WHERE id = $1', [eventId]);
      expect(row).toMatchObject({ status: 'pending', attempts: 0, payload: expect.objectContaining({ order_id: order.id }) });
      expect((await app.order(order.id as string)).paymentStatus).toBe('pending');

      // The provider retries: the copy is recognised from Postgres alone.
      expect((await app.post('payment', body)).body).toEqual({ status: 'duplicate', eventId });
    } finally {
      await redis.resume();
    }

    await waitFor(async () => (await app.order(order.id as string)).paymentStatus === 'paid', {
      what: 'order paid after Redis is back',
      timeoutMs: 30_000,
    });
    expect(await app.event(eventId)).toMatchObject({ status: 'processed', outcome: 'applied' });
  });

  it('is re-queued by the sweeper when Redis restarts without the job it had', async () => {
    // An API-only replica takes the webhook: it queues the job but runs no worker and no sweeper.
    // Its own database, so that no other replica's sweeper can see the event.
    const api = await TestApp.start({ env: { REDIS_URL: redis.url, APP_ROLE: 'api' } });
    let worker: TestApp | undefined;
    try {
      const order = await api.createOrder();
      const response = await api.post('payment', { ...PAYMENT_EXAMPLES['payment.success'], order_id: order.id });
      expect(response.body.status).toBe('accepted');

      // Redis comes back empty (no persistence here): the job is gone, the row is still pending.
      await redis.stop();
      await redis.resume();
      expect(await api.event(response.body.eventId as string)).toMatchObject({ status: 'pending' });

      worker = await TestApp.start({
        database: api.db,
        queuePrefix: api.config.redis.queuePrefix,
        env: { REDIS_URL: redis.url, APP_ROLE: 'worker' },
      });
      await waitFor(async () => (await api.order(order.id as string)).paymentStatus === 'paid', { what: 'order paid by the swept event', timeoutMs: 30_000 });
      expect(await api.event(response.body.eventId as string)).toMatchObject({ status: 'processed', outcome: 'applied', attempts: 1 });
    } finally {
      await worker?.stop();
      await api.stop();
    }
  });
});
