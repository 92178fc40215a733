import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

describe('scale-out: an api replica and a separate worker replica on one Postgres and one Redis', () => {
  let api: TestApp;
  let worker: TestApp | undefined;

  beforeAll(async () => {
    api = await TestApp.start({ env: { APP_ROLE: 'api' } });
  });

  afterAll(async () => {
    await worker?.stop();
    await api.stop();
  });

  it('stores and queues on the api replica, and only the worker replica processes', async () => {
    const order = await api.createOrder();
    const response = await api.post('payment', { ...PAYMENT_EXAMPLES['payment.success'], order_id: order.id });
    expect(response.body).toEqual({ status: 'accepted', eventId: expect.any(String) });
    const eventId = response.body.eventId as string;

    // The api replica runs no processor: the job waits in Redis.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await api.event(eventId))?.status).toBe('pending');
    const queued = await api.api('/api/v2/admin/stats');
    expect(queued.body.queues).toContainEqual(expect.objectContaining({ queue: 'webhook-events', waiting: 1 }));

    worker = await TestApp.start({ database: api.db, queuePrefix: api.config.redis.queuePrefix, env: { APP_ROLE: 'worker' } });

    await waitFor(async () => (await api.event(eventId))?.status === 'processed', { what: 'event processed by the worker' });
    expect(await api.order(order.id as string)).toMatchObject({ paymentStatus: 'paid' });
  });

  it('serves on the worker only the probes and the metrics of what the worker did, not the API', async () => {
    expect((await worker!.api('/api/v2/orders/any')).status).toBe(404);
    expect((await worker!.api('/docs')).status).toBe(404);
    expect(await worker!.api('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await worker!.api('/health/ready')).toMatchObject({
      status: 200,
      body: { info: { database: { status: 'up' }, redis: { status: 'up' } } },
    });
    const metrics = await fetch(`${worker!.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toMatch(/webhook_events_processed_total\{[^}]*provider="payment"[^}]*\} 1/);
  });
});
