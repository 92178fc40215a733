import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import type { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import type { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import type { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrderNotFoundError } from '../orders/order-not-found.error.js';
import type { OrdersRepository } from '../orders/orders.repository.js';
import { PaymentNotifications } from '../payment/payment-notifications.js';
import type { DigitalPaymentEffectsService } from '../supplier/digital-payment-effects.service.js';
import { type WebhookEvent, WebhookEventOutcome } from '../webhooks/inbox/webhook-event.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { OrderPaymentWebhookDto } from './dto/order-payment-webhook.dto.js';
import { OrderPaymentWebhookHandler } from './order-payment-webhook.handler.js';

const { Applied, NoEffect } = WebhookEventOutcome;
const { Unfulfilled, Fulfilled, Delivered, FulfillmentFailed, Refunded } = FulfillmentStatus;
const UPDATED_AT = '2026-05-01T14:25:00Z';
const RECEIVED_AT = new Date('2026-05-01T14:25:02Z');

function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'ORD-1',
    amount: 20,
    currency: 'USD',
    kind: OrderKind.Digital,
    customerEmail: 'john.doe@example.com',
    customerPhone: null,
    paymentStatus: PaymentStatus.Pending,
    fulfillmentStatus: Unfulfilled,
    paymentId: null,
    items: null,
    refundedAmount: 0,
    completedAt: null,
    createdAt: new Date('2026-05-01T14:00:00Z'),
    updatedAt: new Date('2026-05-01T14:00:00Z'),
    ...overrides,
  };
}

/**
 * The handler with its order locked from a mocked repository, and the outbox mocked behind the real PaymentNotifications;
 * `supplier` says whether the deployment has a supplier configured (a digital order then waits for its codes).
 */
function setUp(order: Order | Error, { supplier = false } = {}) {
  const orders = {
    lockForUpdate: jest.fn<OrdersRepository['lockForUpdate']>(() =>
      order instanceof Error ? Promise.reject(order) : Promise.resolve(order),
    ),
    save: jest.fn<OrdersRepository['save']>(async (_manager, saved) => saved),
  };
  const outbox = { addForEvent: jest.fn<NotificationOutboxService['addForEvent']>(async () => undefined) };
  const templates = { register: jest.fn<NotificationTemplateRegistry['register']>() };
  const notifications = new PaymentNotifications(
    templates as unknown as NotificationTemplateRegistry,
    outbox as unknown as NotificationOutboxService,
  );
  const integrationEvents = {
    record: jest.fn<IntegrationEventsService['record']>(async () => undefined),
    recordCompletion: jest.fn<IntegrationEventsService['recordCompletion']>(async () => undefined),
  };
  const config = { provider: (name: string) => (supplier && name === 'supplier' ? { secrets: ['s'.repeat(32)] } : undefined) };
  const digitalGoods = { paymentChanged: jest.fn<DigitalPaymentEffectsService['paymentChanged']>(async () => undefined) };
  const handler = new OrderPaymentWebhookHandler(
    orders as unknown as OrdersRepository,
    notifications,
    config as unknown as AppConfig,
    integrationEvents as unknown as IntegrationEventsService,
    digitalGoods as unknown as DigitalPaymentEffectsService,
  );
  return { handler, orders, outbox, integrationEvents, digitalGoods };
}

function contextFor(payload: OrderPaymentWebhookDto): WebhookHandlerContext<OrderPaymentWebhookDto> {
  const event = {
    id: 'evt-1',
    provider: 'order-payment',
    eventType: 'order.payment',
    payload,
    receivedAt: RECEIVED_AT,
    processedAt: null,
  } as WebhookEvent<OrderPaymentWebhookDto>;
  return { event, manager: { transaction: 'evt-1' } as unknown as EntityManager, afterCommit: jest.fn() };
}

const orderPayment = (status: string, extra: Partial<OrderPaymentWebhookDto> = {}): OrderPaymentWebhookDto => ({
  event: 'order.payment',
  id: 'ORD-1',
  orderPayment: { status, amount: 20, currency: 'usd', paymentId: 'op_7f3a91' },
  updatedAt: UPDATED_AT,
  ...extra,
});

const paid = (extra: Partial<OrderPaymentWebhookDto> = {}) => orderPayment('PAID', extra);

describe('OrderPaymentWebhookHandler', () => {
  it('any status but PAID confirms nothing: the order is not even locked', async () => {
    const { handler, orders, outbox } = setUp(anOrder());

    expect(await handler.apply(contextFor(orderPayment('PENDING')))).toEqual({
      outcome: NoEffect,
      note: 'orderPayment.status PENDING confirms no payment',
    });
    expect(orders.lockForUpdate).not.toHaveBeenCalled();
    expect(orders.save).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  it('PAID on a pending digital order: marks it paid and delivered in the event transaction, and e-mails the payment confirmation', async () => {
    const order = anOrder();
    const { handler, orders, outbox } = setUp(order);
    const context = contextFor(paid());

    expect(await handler.apply(context)).toEqual({ outcome: Applied, note: 'payment pending → paid; fulfilment unfulfilled → delivered' });
    expect(orders.lockForUpdate).toHaveBeenCalledWith(context.manager, 'ORD-1');
    expect(orders.save).toHaveBeenCalledTimes(1);
    expect(orders.save).toHaveBeenCalledWith(context.manager, order);
    expect(order).toMatchObject({
      paymentStatus: PaymentStatus.Paid,
      paymentId: 'op_7f3a91',
      fulfillmentStatus: Delivered,
      completedAt: new Date(UPDATED_AT),
    });
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      {
        channel: NotificationChannel.Email,
        template: 'payment.confirmed',
        recipient: 'john.doe@example.com',
        payload: { orderId: 'ORD-1', amount: 20, currency: 'USD' },
      },
    ]);
  });

  it('hands the outbox the event context itself, whose afterCommit queues the rows; it queues nothing of its own', async () => {
    const { handler, outbox } = setUp(anOrder());
    const context = contextFor(paid());

    await handler.apply(context);

    expect(outbox.addForEvent.mock.calls[0][0]).toBe(context);
    expect(context.afterCommit).not.toHaveBeenCalled();
  });

  it('PAID that moves the payment hands the order to the digital-goods effects (supplier order placement) in the event transaction', async () => {
    const order = anOrder();
    const { handler, digitalGoods } = setUp(order, { supplier: true });
    const context = contextFor(paid());
    await handler.apply(context);
    expect(digitalGoods.paymentChanged).toHaveBeenCalledWith(context, order);
    expect(order.paymentStatus).toBe(PaymentStatus.Paid);

    const again = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }), { supplier: true });
    await again.handler.apply(contextFor(paid()));
    expect(again.digitalGoods.paymentChanged).not.toHaveBeenCalled();
  });

  it('PAID on a pending physical order marks it paid only: the carrier delivers it', async () => {
    const order = anOrder({ kind: OrderKind.Physical });
    const { handler, outbox } = setUp(order);
    const context = contextFor(paid());

    expect(await handler.apply(context)).toEqual({ outcome: Applied, note: 'payment pending → paid' });
    expect(order).toMatchObject({ paymentStatus: PaymentStatus.Paid, fulfillmentStatus: Unfulfilled, completedAt: null });
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [expect.objectContaining({ template: 'payment.confirmed' })]);
  });

  it('PAID after a failed attempt marks the payment paid', async () => {
    const order = anOrder({ kind: OrderKind.Physical, paymentStatus: PaymentStatus.Failed });
    const { handler } = setUp(order);

    expect(await handler.apply(contextFor(paid()))).toEqual({ outcome: Applied, note: 'payment failed → paid' });
  });

  it("completes the order at the time the event was received when the storefront sends no updatedAt, and keeps the order's payment id when it sends none", async () => {
    const order = anOrder({ paymentId: 'op_earlier' });
    const { handler, outbox } = setUp(order);
    const context = contextFor({ id: 'ORD-1', orderPayment: { status: 'PAID', amount: 20, currency: 'USD' } });

    expect((await handler.apply(context)).outcome).toBe(Applied);
    expect(order).toMatchObject({ paymentId: 'op_earlier', completedAt: RECEIVED_AT });
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      expect.objectContaining({ payload: { orderId: 'ORD-1', amount: 20, currency: 'USD' } }),
    ]);
  });

  describe('figures that are not the order’s', () => {
    it.each([
      [{ amount: 0.01, currency: 'USD' }, 'amount 0.01 does not match order amount 20'],
      [{ amount: 20, currency: 'INR' }, 'currency INR does not match order currency USD'],
      [{}, 'a payment confirmation must state its amount and currency (order is 20 USD)'],
      [{ amount: 20 }, 'a payment confirmation must state its amount and currency (order is 20 USD)'],
    ])('PAID with %j confirms nothing, with the reason, and alerts ops once on Slack', async (figures, reason) => {
      const order = anOrder();
      const { handler, orders, outbox } = setUp(order);
      const context = contextFor({ id: 'ORD-1', orderPayment: { status: 'PAID', ...figures } });

      expect(await handler.apply(context)).toEqual({ outcome: NoEffect, note: reason });
      expect(order).toMatchObject({ paymentStatus: PaymentStatus.Pending, fulfillmentStatus: Unfulfilled });
      expect(orders.save).not.toHaveBeenCalled();
      expect(outbox.addForEvent).toHaveBeenCalledTimes(1);
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        {
          channel: NotificationChannel.Slack,
          template: 'ops.payment_mismatch',
          payload: { eventId: 'evt-1', provider: 'order-payment', orderId: 'ORD-1', reason },
        },
      ]);
    });
  });

  describe('with a supplier configured, a digital order waits for its codes', () => {
    it('PAID on a digital order the supplier has not fulfilled marks it paid only: it stays unfulfilled for reconciliation', async () => {
      const order = anOrder();
      const { handler, outbox } = setUp(order, { supplier: true });
      const context = contextFor(paid());

      expect(await handler.apply(context)).toEqual({
        outcome: Applied,
        note: 'payment pending → paid; fulfilment waits for the supplier',
      });
      expect(order).toMatchObject({ paymentStatus: PaymentStatus.Paid, fulfillmentStatus: Unfulfilled, completedAt: null });
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [expect.objectContaining({ template: 'payment.confirmed' })]);
    });

    it('PAID on a digital order whose codes were delivered delivers it', async () => {
      const order = anOrder({ fulfillmentStatus: Fulfilled });
      const { handler } = setUp(order, { supplier: true });

      expect(await handler.apply(contextFor(paid()))).toEqual({
        outcome: Applied,
        note: 'payment pending → paid; fulfilment fulfilled → delivered',
      });
      expect(order).toMatchObject({ fulfillmentStatus: Delivered, completedAt: new Date(UPDATED_AT) });
    });

    it('a second PAID on a paid order still waiting for its supplier has no effect', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid });
      const { handler, orders } = setUp(order, { supplier: true });

      expect(await handler.apply(contextFor(paid()))).toEqual({
        outcome: NoEffect,
        note: 'payment already paid; fulfilment stays unfulfilled (waits for the supplier)',
      });
      expect(orders.save).not.toHaveBeenCalled();
    });
  });

  it('PAID on a paid digital order not delivered yet delivers it, without a second payment e-mail', async () => {
    const order = anOrder({ paymentStatus: PaymentStatus.Paid, fulfillmentStatus: Fulfilled });
    const { handler, orders, outbox } = setUp(order);
    const context = contextFor(paid());

    expect(await handler.apply(context)).toEqual({ outcome: Applied, note: 'fulfilment fulfilled → delivered' });
    expect(orders.save).toHaveBeenCalledWith(context.manager, order);
    expect(order).toMatchObject({ fulfillmentStatus: Delivered, completedAt: new Date(UPDATED_AT) });
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  it('records order.completed when PAID delivers a digital order, and not when it leaves it undelivered', async () => {
    const delivered = setUp(anOrder());
    const context = contextFor(paid());
    await delivered.handler.apply(context);
    expect(delivered.integrationEvents.recordCompletion).toHaveBeenCalledWith(
      context,
      'ORD-1',
      expect.objectContaining({ fulfillmentStatus: Delivered }),
      'order.paid',
    );

    const failed = setUp(anOrder({ fulfillmentStatus: FulfillmentFailed }));
    await failed.handler.apply(contextFor(paid()));
    expect(failed.integrationEvents.recordCompletion).not.toHaveBeenCalled();
  });

  it('PAID on a pending digital order whose supplier failed marks it paid and leaves the fulfilment failed', async () => {
    const order = anOrder({ fulfillmentStatus: FulfillmentFailed });
    const { handler } = setUp(order);

    expect(await handler.apply(contextFor(paid()))).toEqual({ outcome: Applied, note: 'payment pending → paid' });
    expect(order).toMatchObject({ fulfillmentStatus: FulfillmentFailed, completedAt: null });
  });

  it.each([
    [
      'a physical order',
      anOrder({ kind: OrderKind.Physical, paymentStatus: PaymentStatus.Paid }),
      'payment already paid; fulfilment stays unfulfilled',
    ],
    [
      'a delivered digital order',
      anOrder({ paymentStatus: PaymentStatus.Paid, fulfillmentStatus: Delivered }),
      'payment already paid; fulfilment stays delivered',
    ],
    [
      'a digital order the supplier refunded',
      anOrder({ paymentStatus: PaymentStatus.Paid, fulfillmentStatus: Refunded }),
      'payment already paid; fulfilment stays refunded',
    ],
  ])('PAID again on %s has no effect', async (_what, order, reason) => {
    const { handler, orders, outbox } = setUp(order);

    expect(await handler.apply(contextFor(paid()))).toEqual({ outcome: NoEffect, note: reason });
    expect(orders.save).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  it.each([PaymentStatus.RefundInitiated, PaymentStatus.Refunded])(
    'a PAID after the payment is %s is stale: it neither pays nor delivers',
    async (status) => {
      const order = anOrder({ paymentStatus: status });
      const { handler, orders, outbox } = setUp(order);

      expect(await handler.apply(contextFor(paid()))).toEqual({
        outcome: NoEffect,
        note: `payment.success cannot move payment from ${status}`,
      });
      expect(order).toMatchObject({ paymentStatus: status, fulfillmentStatus: Unfulfilled });
      expect(orders.save).not.toHaveBeenCalled();
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    },
  );

  it('fails (to be retried) when the order does not exist yet, writing nothing', async () => {
    const { handler, orders, outbox } = setUp(new OrderNotFoundError('ORD-1'));

    await expect(handler.apply(contextFor(paid()))).rejects.toBeInstanceOf(OrderNotFoundError);
    expect(orders.save).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  describe('confirmPayment, the seam native storefronts use', () => {
    it('confirms the payment of the order it names, with the given figures in the e-mail', async () => {
      const order = anOrder();
      const { handler, orders, outbox } = setUp(order);
      const context = contextFor(paid({ id: 'ORD-OTHER' })); // confirmPayment reads its confirmation, not the payload

      const result = await handler.confirmPayment(context, { orderId: 'ORD-1', amount: 20, currency: 'usd' });

      expect(result).toEqual({ outcome: Applied, note: 'payment pending → paid; fulfilment unfulfilled → delivered' });
      expect(orders.lockForUpdate).toHaveBeenCalledWith(context.manager, 'ORD-1');
      expect(order).toMatchObject({ paymentStatus: PaymentStatus.Paid, paymentId: null, completedAt: RECEIVED_AT });
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        expect.objectContaining({ payload: { orderId: 'ORD-1', amount: 20, currency: 'USD' } }),
      ]);
    });

    it.each([
      [{ amount: 19.99, currency: 'USD' }, 'amount 19.99 does not match order amount 20'],
      [{ amount: 20, currency: 'EUR' }, 'currency EUR does not match order currency USD'],
    ])("figures that are not the order's (%j) confirm nothing, and ops are alerted", async (figures, reason) => {
      const order = anOrder();
      const { handler, orders, outbox } = setUp(order);

      expect(await handler.confirmPayment(contextFor(paid()), { orderId: 'ORD-1', ...figures })).toEqual({
        outcome: NoEffect,
        note: reason,
      });
      expect(order.paymentStatus).toBe(PaymentStatus.Pending);
      expect(orders.save).not.toHaveBeenCalled();
      expect(outbox.addForEvent).toHaveBeenCalledWith(expect.anything(), [expect.objectContaining({ template: 'ops.payment_mismatch' })]);
    });
  });
});

describe('OrderPaymentWebhookHandler integration events', () => {
  it('records order.paid when PAID moves the payment, and nothing when it was paid already', async () => {
    const pending = setUp(anOrder());
    const context = contextFor(paid());
    await pending.handler.apply(context);
    expect(pending.integrationEvents.record).toHaveBeenCalledWith(context, {
      type: 'order.paid',
      orderId: expect.any(String),
      data: expect.objectContaining({ paymentStatus: PaymentStatus.Paid }),
    });

    const already = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }));
    await already.handler.apply(contextFor(paid()));
    expect(already.integrationEvents.record).not.toHaveBeenCalled();
  });
});
