import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotificationChannel } from '../src/notifications/notification.entity.js';
import { NotificationOutboxService, type OutboxMessage } from '../src/notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry } from '../src/notifications/notification-templates.registry.js';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { WebhookInboxService } from '../src/webhooks/inbox/webhook-inbox.service.js';
import { FakeHttpPeer, type ReceivedRequest } from './support/fake-http-peer.js';
import { FakeSmtpServer } from './support/fake-smtp-server.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const unique = () => randomBytes(4).toString('hex');
const paymentSuccess = (orderId: string) => ({ ...PAYMENT_EXAMPLES['payment.success'], order_id: orderId });
const slackText = (request: ReceivedRequest) => (request.body as { text: string }).text;

/** Long enough for a second message, if one were coming, to arrive (tests assert its absence). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

describe('notifications (outbox, Bull, real SMTP, Slack and SMS peers on 127.0.0.1)', () => {
  let app: TestApp;
  let smtp: FakeSmtpServer;
  let slack: FakeHttpPeer;
  let sms: FakeHttpPeer;

  beforeAll(async () => {
    [smtp, slack, sms] = await Promise.all([FakeSmtpServer.start(), FakeHttpPeer.start(), FakeHttpPeer.start()]);
    app = await TestApp.start({
      env: {
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Shop <orders@shop.example>',
        SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/test-token`,
        SMS_GATEWAY_URL: `${sms.url}/v1/messages`,
        SMS_API_KEY: 'test-sms-key',
        // A day: no test here runs across a window boundary.
        FAILURE_ALERT_WINDOW_MS: String(24 * 3600_000),
      },
    });
    app.app.get(NotificationTemplateRegistry).register('test.sms', (payload) => ({ text: `Hello ${String(payload.name)}` }));
  });

  afterAll(() => app?.stop());
  afterAll(() => Promise.all([smtp?.stop(), slack?.stop(), sms?.stop()]));

  const rowsOf = (sourceKey: string) =>
    app.db.query('SELECT * FROM notifications WHERE dedupe_key LIKE $1 ORDER BY created_at', [`${sourceKey}:%`]);
  const settled = (id: string) =>
    waitFor(
      async () => {
        const [row] = await app.db.query('SELECT * FROM notifications WHERE id = $1', [id]);
        return row && row.status !== 'pending' ? row : undefined;
      },
      { what: `notification ${id} settled` },
    );
  const failureAlertsOf = (channel: string) =>
    app.db.query("SELECT * FROM notifications WHERE template = 'ops.notification_failed' AND payload->>'channel' = $1", [channel]);
  const deadLetterAlertsOf = (provider: string) =>
    app.db.query("SELECT * FROM notifications WHERE template = 'ops.event_dead_lettered' AND payload->>'provider' = $1", [provider]);
  const deadOrProcessed = (eventId: string) => app.settled(eventId);

  const auditOf = (notificationId: string) =>
    app.db.query(
      `SELECT provider, event_type, outcome, http_status, latency_ms, request_id, payload, error FROM external_api_logs
       WHERE direction = 'outbound' AND payload->>'notificationId' = $1 ORDER BY id`,
      [notificationId],
    );

  /** Writes an outbox row as a domain would (in a transaction), then queues it after the commit. */
  const addToOutbox = async (message: Omit<OutboxMessage, 'sourceKey'>): Promise<string> => {
    const outbox = app.app.get(NotificationOutboxService);
    const [id] = await app.app
      .get(DataSource)
      .transaction((manager) => outbox.add(manager, [{ ...message, sourceKey: `test-${unique()}` }]));
    await outbox.dispatch([id]);
    return id;
  };

  it('e-mails the customer once when a payment.success is applied', async () => {
    const email = `buyer-${unique()}@example.com`;
    const order = await app.createOrder({ customer: { email, phone: '+919876543210' } });
    const { body } = await app.post('payment', paymentSuccess(order.id as string));

    const [mail] = await smtp.waitForMessages((m) => m.to.includes(email));
    expect(mail).toMatchObject({ from: 'orders@shop.example', to: [email], subject: `Payment received for order ${order.id}` });
    expect(mail.text).toContain('INR 2499.00');
    const [row] = await rowsOf(body.eventId as string);
    expect(await settled(row.id as string)).toMatchObject({ channel: 'email', template: 'payment.confirmed', status: 'sent', attempts: 1 });
    await settle();
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
    const { request_id: requestId } = (await app.event(body.eventId as string))!;
    expect(requestId).toEqual(expect.any(String));
    expect(await auditOf(row.id as string)).toEqual([
      expect.objectContaining({
        provider: 'smtp',
        event_type: 'notification:payment.confirmed',
        outcome: 'success',
        request_id: requestId,
      }),
    ]);
  });

  it('never e-mails twice for a duplicate delivery or a replay of an applied event', async () => {
    const email = `replay-${unique()}@example.com`;
    const order = await app.createOrder({ customer: { email } });
    const first = await app.post('payment', paymentSuccess(order.id as string));
    expect((await app.post('payment', paymentSuccess(order.id as string))).body.status).toBe('duplicate');
    await smtp.waitForMessages((m) => m.to.includes(email));

    // A replay that applies the event again (an operator reset it): the outbox key refuses a second row.
    const eventId = first.body.eventId as string;
    await app.db.query("UPDATE orders SET payment_status = 'pending' WHERE id = $1", [order.id]);
    await app.db.query("UPDATE webhook_events SET status = 'pending', processed_at = NULL WHERE id = $1", [eventId]);
    await app.app.get(WebhookInboxService).enqueue(eventId);
    await waitFor(async () => (await app.event(eventId))?.status === 'processed', { what: 'replay processed' });
    expect((await app.order(order.id as string)).paymentStatus).toBe('paid');

    await settle();
    expect(await rowsOf(eventId)).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('retries a channel that fails twice, then sends: the row is sent after 3 tries', async () => {
    const phone = `+9198${Date.now() % 100_000_000}`;
    sms.answerNext(503, 502);
    const id = await addToOutbox({ channel: NotificationChannel.Sms, template: 'test.sms', recipient: phone, payload: { name: 'Asha' } });

    expect(await settled(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    const received = sms.requests.filter((r) => (r.body as { to: string }).to === phone);
    expect(received).toHaveLength(3);
    expect(received[2]).toMatchObject({ path: '/v1/messages', body: { to: phone, text: 'Hello Asha' } });
    expect(received[2].headers.authorization).toBe('Bearer test-sms-key');
    const audit = await waitFor(async () => ((await auditOf(id)).length === 3 ? auditOf(id) : undefined), { what: 'audit rows' });
    expect(audit.map((r) => [r.provider, r.event_type, r.outcome, r.http_status])).toEqual([
      ['sms', 'notification:test.sms', 'failure', 503],
      ['sms', 'notification:test.sms', 'failure', 502],
      ['sms', 'notification:test.sms', 'success', 200],
    ]);
    expect(JSON.stringify(audit)).not.toContain(phone);
  });

  it('marks a notification failed after its last try and alerts ops on Slack, without the address', async () => {
    const email = `bounce-${unique()}@example.com`;
    smtp.refuse(email);
    const order = await app.createOrder({ customer: { email } });
    const { body } = await app.post('payment', paymentSuccess(order.id as string));
    await deadOrProcessed(body.eventId as string);
    const [row] = await rowsOf(body.eventId as string);

    const failed = await settled(row.id as string);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, sent_at: null });
    expect(failed.last_error).toContain('550');
    expect(failed.last_error).not.toContain(email);
    const [alert] = await slack.waitForRequests((r) => slackText(r).includes(row.id as string));
    expect(slackText(alert)).toContain('payment.confirmed by email) failed after 3 tries');
    expect(slackText(alert)).not.toContain(email);
    const alerts = await failureAlertsOf('email');
    expect(alerts).toHaveLength(1);
    // Slack has the message before the alert's row is marked sent: its status is read once it has settled.
    expect([await settled(alerts[0].id as string)]).toEqual([
      expect.objectContaining({
        template: 'ops.notification_failed',
        status: 'sent',
        payload: expect.objectContaining({ notificationId: row.id }),
      }),
    ]);
  });

  it('alerts ops once per channel and window however many notifications fail (an SMTP outage does not flood Slack)', async () => {
    const emails = [`bounce-${unique()}@example.com`, `bounce-${unique()}@example.com`];
    emails.forEach((email) => smtp.refuse(email));
    for (const email of emails) {
      const order = await app.createOrder({ customer: { email } });
      const { body } = await app.post('payment', paymentSuccess(order.id as string));
      await deadOrProcessed(body.eventId as string);
      const [row] = await rowsOf(body.eventId as string);
      expect(await settled(row.id as string)).toMatchObject({ status: 'failed' });
    }
    expect(await failureAlertsOf('email')).toHaveLength(1);
  });

  it('does not alert about a Slack message that failed for good (no alert loop)', async () => {
    const marker = `unreachable-${unique()}`;
    slack.respondWith((r) => (slackText(r).includes(marker) ? 500 : 200));
    app.app.get(NotificationTemplateRegistry).register(`test.${marker}`, () => ({ text: marker }));
    const id = await addToOutbox({ channel: NotificationChannel.Slack, template: `test.${marker}` });

    expect(await settled(id)).toMatchObject({ status: 'failed', attempts: 3 });
    await settle();
    expect(await rowsOf(id)).toEqual([]);
    expect(slack.requests.filter((r) => slackText(r).includes(id))).toEqual([]);
    slack.respondWith(() => 200);
  });

  it('alerts ops on Slack when an event is dead-lettered', async () => {
    const orderId = `ORD-MISSING-${unique()}`;
    const { body } = await app.post('payment', paymentSuccess(orderId));
    expect(await deadOrProcessed(body.eventId as string)).toMatchObject({ status: 'dead' });

    const [alert] = await slack.waitForRequests((r) => slackText(r).includes(body.eventId as string));
    expect(slackText(alert)).toContain(`payment/payment.success (event ${body.eventId}, reference ${orderId}) dead-lettered after 3 tries`);
    expect(slackText(alert)).toContain(`order ${orderId} does not exist`);
    const [row] = await deadLetterAlertsOf('payment');
    expect(await settled(row.id as string)).toMatchObject({ channel: 'slack', template: 'ops.event_dead_lettered', status: 'sent' });
  });

  it('alerts ops once per provider and window, however many of its events die', async () => {
    const scan = (orderId: string) => ({
      event: 'shipment.in_transit',
      order_id: orderId,
      awb: `AWB-${unique()}`,
      status: 'in_transit',
      timestamp: new Date().toISOString(),
    });
    const responses = await Promise.all([1, 2, 3].map(() => app.post('shipping', scan(`ORD-GONE-${unique()}`))));
    for (const { body } of responses) expect(await deadOrProcessed(body.eventId as string)).toMatchObject({ status: 'dead' });

    const alerts = await deadLetterAlertsOf('shipping');
    expect(alerts).toHaveLength(1);
    expect(responses.map((r) => r.body.eventId)).toContain((alerts[0].payload as { eventId: string }).eventId);
  });

  it('sends a committed row that never got a job (the sweeper queues it)', async () => {
    const phone = `+9177${Date.now() % 100_000_000}`;
    const [{ id }] = await app.db.query<{ id: string }>(
      `INSERT INTO notifications (dedupe_key, channel, template, recipient, payload)
       VALUES ($1, 'sms', 'test.sms', $2, '{"name":"Ravi"}') RETURNING id`,
      [`orphan-${unique()}:sms:test.sms`, phone],
    );

    expect(await settled(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sms.requests.filter((r) => (r.body as { to: string }).to === phone)).toHaveLength(1);
  });
});

describe('notifications with no channel configured', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(() => app.stop());

  it('marks the notification skipped instead of failing', async () => {
    const order = await app.createOrder();
    const { body } = await app.post('payment', paymentSuccess(order.id as string));

    const row = await waitFor(
      async () => {
        const [found] = await app.db.query('SELECT * FROM notifications WHERE dedupe_key LIKE $1', [`${body.eventId}:%`]);
        return found && found.status !== 'pending' ? found : undefined;
      },
      { what: 'notification settled' },
    );
    expect(row).toMatchObject({ channel: 'email', status: 'skipped', attempts: 0, last_error: 'email is not configured', sent_at: null });
  });
});
