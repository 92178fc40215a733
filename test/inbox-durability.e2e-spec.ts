import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { WebhookInboxService } from '../src/webhooks/inbox/webhook-inbox.service.js';
import { WEBHOOK_EVENTS_QUEUE } from '../src/webhooks/processing/webhook-queue.js';
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
      await waitFor(async () => (await api.order(order.id as string)).paymentStatus === 'paid', {
        what: 'order paid by the swept event',
        timeoutMs: 30_000,
      });
      expect(await api.event(response.body.eventId as string)).toMatchObject({ status: 'processed', outcome: 'applied', attempts: 1 });
    } finally {
      await worker?.stop();
      await api.stop();
    }
  });
});

describe('inbox durability: a job hash left behind by a Redis restart', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  // What Bull leaves when a try ends across a Redis restart: the attempt count written into the
  // job's hash after Redis lost the job itself. No list holds it; getJob still finds it.
  it('does not keep the sweeper from re-queuing the event', async () => {
    const order = await app.createOrder();
    const payload = { ...PAYMENT_EXAMPLES['payment.success'], order_id: order.id };
    // The husk first, then the row: a sweep between the two (every 200 ms here) would queue a real job.
    const id = randomUUID();
    const queue = app.app.get<Queue>(getQueueToken(WEBHOOK_EVENTS_QUEUE));
    await queue.client.hset(`${app.config.redis.queuePrefix}:${WEBHOOK_EVENTS_QUEUE}:${id}`, 'attemptsMade', '1');
    expect(await (await queue.getJob(id))?.getState()).toBe('stuck');
    await app.db.query(
      `INSERT INTO webhook_events (id, provider, event_type, dedupe_key, reference, payload) VALUES ($1, 'payment', 'payment.success', $2, $3, $4)`,
      [id, `husk-${order.id}`, order.id, JSON.stringify(payload)],
    );

    await waitFor(async () => (await app.order(order.id as string)).paymentStatus === 'paid', { what: 'order paid by the swept event' });
    expect(await app.event(id)).toMatchObject({ status: 'processed', outcome: 'applied' });
  });
});

describe('inbox durability: a job that reaches a dead event', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  // The sweeper lists `retrying` events, then queues those without a job; the last try may fail
  // (dead, job removed) in between. Only a replay, which sets the event back to pending, runs it again.
  it('leaves it dead and unapplied: the stale job of a sweep is a no-op', async () => {
    const order = await app.createOrder();
    const payload = { ...PAYMENT_EXAMPLES['payment.success'], order_id: order.id };
    const [{ id }] = await app.db.query<{ id: string }>(
      `INSERT INTO webhook_events (provider, event_type, dedupe_key, reference, payload, status, attempts, last_error)
       VALUES ('payment', 'payment.success', $1, $2, $3, 'dead', 3, 'OrderNotFoundError: gone for good') RETURNING id`,
      [`dead-${order.id}`, order.id, JSON.stringify(payload)],
    );
    const queue = app.app.get<Queue>(getQueueToken(WEBHOOK_EVENTS_QUEUE));

    await app.app.get(WebhookInboxService).enqueue(id);
    await waitFor(async () => (await queue.getJob(id)) === null, { what: 'the stale job done' });

    expect(await app.event(id)).toMatchObject({ status: 'dead', attempts: 3, last_error: 'OrderNotFoundError: gone for good' });
    expect((await app.order(order.id as string)).paymentStatus).toBe('pending');
  });
});
