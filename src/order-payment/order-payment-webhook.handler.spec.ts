import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import type { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import type { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrderNotFoundError } from '../orders/order-not-found.error.js';
import type { OrdersRepository } from '../orders/orders.repository.js';
import { PaymentNotifications } from '../payment/payment-notifications.js';
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
    completedAt: null,
    createdAt: new Date('2026-05-01T14:00:00Z'),
    updatedAt: new Date('2026-05-01T14:00:00Z'),
    ...overrides,
  };
}

/** The handler with its order locked from a mocked repository, and the outbox mocked behind the real PaymentNotifications. */
function setUp(order: Order | Error) {
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
  const integrationEvents = { record: jest.fn<IntegrationEventsService['record']>(async () => undefined) };
  const handler = new OrderPaymentWebhookHandler(
    orders as unknown as OrdersRepository,
    notifications,
    integrationEvents as unknown as IntegrationEventsService,
  );
  return { handler, orders, outbox, integrationEvents };
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
    const context = contextFor({ id: 'ORD-1', orderPayment: { status: 'PAID' } });

    expect((await handler.apply(context)).outcome).toBe(Applied);
    expect(order).toMatchObject({ paymentId: 'op_earlier', completedAt: RECEIVED_AT });
    // No amount or currency from the storefront: the e-mail has the order's.
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      expect.objectContaining({ payload: { orderId: 'ORD-1', amount: 20, currency: 'USD' } }),
    ]);
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

      const result = await handler.confirmPayment(context, { orderId: 'ORD-1', amount: 20, currency: 'usd', checkAmount: true });

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
    ])("with checkAmount, figures that are not the order's (%j) confirm nothing", async (figures, reason) => {
      const order = anOrder();
      const { handler, orders, outbox } = setUp(order);

      expect(await handler.confirmPayment(contextFor(paid()), { orderId: 'ORD-1', ...figures, checkAmount: true })).toEqual({
        outcome: NoEffect,
        note: reason,
      });
      expect(order.paymentStatus).toBe(PaymentStatus.Pending);
      expect(orders.save).not.toHaveBeenCalled();
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });

    it("without checkAmount, as the storefront's own PAID, other figures still confirm the payment", async () => {
      const { handler } = setUp(anOrder());

      expect((await handler.confirmPayment(contextFor(paid()), { orderId: 'ORD-1', amount: 1, currency: 'EUR' })).outcome).toBe(Applied);
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
