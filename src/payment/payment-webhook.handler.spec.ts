import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import type { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import type { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrderNotFoundError } from '../orders/order-not-found.error.js';
import type { OrdersRepository } from '../orders/orders.repository.js';
import { DigitalPaymentEffectsService, REFUND_OF_DELIVERED_CODES_TEMPLATE } from '../supplier/digital-payment-effects.service.js';
import type { SupplierOrderPlacementService } from '../supplier/supplier-order-placement.service.js';
import { type WebhookEvent, WebhookEventOutcome } from '../webhooks/inbox/webhook-event.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { PaymentWebhookDto } from './dto/payment-webhook.dto.js';
import { PaymentNotifications } from './payment-notifications.js';
import { PaymentWebhookHandler } from './payment-webhook.handler.js';

const { Applied, NoEffect } = WebhookEventOutcome;

function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'ORD-1',
    amount: 2499,
    currency: 'INR',
    kind: OrderKind.Physical,
    customerEmail: 'john.doe@example.com',
    customerPhone: '+919800000000',
    paymentStatus: PaymentStatus.Pending,
    fulfillmentStatus: FulfillmentStatus.Unfulfilled,
    paymentId: null,
    items: null,
    refundedAmount: 0,
    completedAt: null,
    createdAt: new Date('2026-03-08T10:00:00Z'),
    updatedAt: new Date('2026-03-08T10:00:00Z'),
    ...overrides,
  };
}

/** The handler with its order locked from a mocked repository, and the outbox mocked behind the real PaymentNotifications. */
function setUp(order: Order | Error) {
  const orders = {
    lockForUpdate: jest.fn<OrdersRepository['lockForUpdate']>(() =>
      order instanceof Error ? Promise.reject(order) : Promise.resolve(order),
    ),
    savePayment: jest.fn<OrdersRepository['savePayment']>(async () => undefined),
  };
  const outbox = { addForEvent: jest.fn<NotificationOutboxService['addForEvent']>(async () => undefined) };
  const templates = { register: jest.fn<NotificationTemplateRegistry['register']>() };
  const notifications = new PaymentNotifications(
    templates as unknown as NotificationTemplateRegistry,
    outbox as unknown as NotificationOutboxService,
  );
  const integrationEvents = { record: jest.fn<IntegrationEventsService['record']>(async () => undefined) };
  const placement = { request: jest.fn<SupplierOrderPlacementService['request']>(async () => undefined) };
  const digitalGoods = new DigitalPaymentEffectsService(
    placement as unknown as SupplierOrderPlacementService,
    outbox as unknown as NotificationOutboxService,
    templates as unknown as NotificationTemplateRegistry,
  );
  const handler = new PaymentWebhookHandler(
    orders as unknown as OrdersRepository,
    notifications,
    integrationEvents as unknown as IntegrationEventsService,
    digitalGoods,
  );
  return { handler, orders, outbox, integrationEvents, placement };
}

/** A context as the dispatcher gives it: the event, the transaction's manager (a token here) and afterCommit. */
function contextFor(payload: PaymentWebhookDto): WebhookHandlerContext<PaymentWebhookDto> {
  const event = {
    id: 'evt-1',
    provider: 'payment',
    eventType: payload.event,
    payload,
    processedAt: null,
  } as WebhookEvent<PaymentWebhookDto>;
  return { event, manager: { transaction: 'evt-1' } as unknown as EntityManager, afterCommit: jest.fn() };
}

const success = (extra: Partial<PaymentWebhookDto> = {}): PaymentWebhookDto => ({
  event: 'payment.success',
  order_id: 'ORD-1',
  payment_id: 'pay_abc',
  amount: 2499,
  currency: 'INR',
  ...extra,
});

describe('PaymentWebhookHandler', () => {
  it('payment.success on a pending order: locks it in the event transaction, marks it paid and e-mails the customer', async () => {
    const order = anOrder();
    const { handler, orders, outbox } = setUp(order);
    const context = contextFor(success());

    const result = await handler.apply(context);

    expect(result).toEqual({ outcome: Applied, note: 'payment pending → paid' });
    expect(orders.lockForUpdate).toHaveBeenCalledWith(context.manager, 'ORD-1');
    expect(orders.savePayment).toHaveBeenCalledTimes(1);
    expect(orders.savePayment).toHaveBeenCalledWith(context.manager, order);
    expect(order).toMatchObject({ paymentStatus: PaymentStatus.Paid, paymentId: 'pay_abc' });
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      {
        channel: NotificationChannel.Email,
        template: 'payment.confirmed',
        recipient: 'john.doe@example.com',
        payload: { orderId: 'ORD-1', amount: 2499, currency: 'INR' },
      },
    ]);
  });

  it('hands the outbox the event context itself, whose afterCommit queues the rows; it queues nothing of its own', async () => {
    const { handler, outbox } = setUp(anOrder());
    const context = contextFor(success());

    await handler.apply(context);

    expect(outbox.addForEvent.mock.calls[0][0]).toBe(context);
    expect(context.afterCommit).not.toHaveBeenCalled();
  });

  it('payment.success after a failed attempt marks the order paid', async () => {
    const order = anOrder({ paymentStatus: PaymentStatus.Failed, paymentId: 'pay_first' });
    const { handler } = setUp(order);

    expect(await handler.apply(contextFor(success({ payment_id: 'pay_second' })))).toEqual({
      outcome: Applied,
      note: 'payment failed → paid',
    });
    expect(order).toMatchObject({ paymentStatus: PaymentStatus.Paid, paymentId: 'pay_second' });
  });

  it.each([
    ['payment.failed', PaymentStatus.Pending, PaymentStatus.Failed, 'payment.failed'],
    ['refund.initiated', PaymentStatus.Paid, PaymentStatus.RefundInitiated, 'payment.refund_initiated'],
    ['refund.completed', PaymentStatus.Paid, PaymentStatus.Refunded, 'payment.refund_completed'],
    ['refund.completed', PaymentStatus.RefundInitiated, PaymentStatus.Refunded, 'payment.refund_completed'],
  ] as const)('%s moves payment %s → %s and e-mails %s', async (event, from, to, template) => {
    const order = anOrder({ paymentStatus: from, paymentId: 'pay_abc' });
    const { handler, orders, outbox } = setUp(order);
    const context = contextFor({ event, order_id: 'ORD-1', amount: 2499, currency: 'inr' });

    const refunded = event === 'refund.completed' ? '; refunded 2499 of 2499 INR' : '';
    expect(await handler.apply(context)).toEqual({ outcome: Applied, note: `payment ${from} → ${to}${refunded}` });
    expect(orders.savePayment).toHaveBeenCalledWith(context.manager, order);
    // No payment_id in the event: the order keeps the one it had.
    expect(order).toMatchObject({ paymentStatus: to, paymentId: 'pay_abc' });
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      expect.objectContaining({
        channel: NotificationChannel.Email,
        template,
        payload: { orderId: 'ORD-1', amount: 2499, currency: 'INR' },
      }),
    ]);
  });

  it("e-mails the order's amount and currency when an event that needs none (payment.failed) carries none", async () => {
    const { handler, outbox } = setUp(anOrder());
    const context = contextFor({ event: 'payment.failed', order_id: 'ORD-1' });

    expect((await handler.apply(context)).outcome).toBe(Applied);
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      expect.objectContaining({ payload: { orderId: 'ORD-1', amount: 2499, currency: 'INR' } }),
    ]);
  });

  it('passes a customer without an e-mail address on to the outbox, which leaves such a message out', async () => {
    const { handler, outbox } = setUp(anOrder({ customerEmail: null }));
    const context = contextFor(success());

    expect((await handler.apply(context)).outcome).toBe(Applied);
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [expect.objectContaining({ recipient: null })]);
  });

  it.each([
    ['payment.success', PaymentStatus.Paid, 'payment already paid'],
    ['payment.success', PaymentStatus.Refunded, 'payment.success cannot move payment from refunded'],
    ['payment.failed', PaymentStatus.Paid, 'payment.failed cannot move payment from paid'],
    ['payment.failed', PaymentStatus.Failed, 'payment already failed'],
    ['refund.initiated', PaymentStatus.Pending, 'refund.initiated cannot move payment from pending'],
    ['refund.completed', PaymentStatus.Refunded, 'payment already refunded'],
  ] as const)('%s on a %s payment has no effect: "%s"; nothing saved or notified', async (event, from, reason) => {
    const order = anOrder({ paymentStatus: from });
    const { handler, orders, outbox } = setUp(order);
    const context = contextFor({ event, order_id: 'ORD-1', amount: 2499, currency: 'INR' });

    expect(await handler.apply(context)).toEqual({ outcome: NoEffect, note: reason });
    expect(order.paymentStatus).toBe(from);
    expect(orders.savePayment).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
    expect(context.afterCommit).not.toHaveBeenCalled();
  });

  describe('payment.success that does not match the order', () => {
    it.each([
      [{ amount: 2000 }, 'amount 2000 does not match order amount 2499'],
      [{ amount: 2499.01 }, 'amount 2499.01 does not match order amount 2499'],
      [{ currency: 'USD' }, 'currency USD does not match order currency INR'],
      [{ amount: undefined }, 'a payment confirmation must state its amount and currency (order is 2499 INR)'],
      [{ currency: undefined }, 'a payment confirmation must state its amount and currency (order is 2499 INR)'],
    ])('%p is no proof of payment: "%s"; ops are alerted on Slack, once for the event', async (extra, reason) => {
      const order = anOrder();
      const { handler, orders, outbox } = setUp(order);
      const context = contextFor(success(extra));

      expect(await handler.apply(context)).toEqual({ outcome: NoEffect, note: reason });
      expect(order.paymentStatus).toBe(PaymentStatus.Pending);
      expect(orders.savePayment).not.toHaveBeenCalled();
      expect(outbox.addForEvent).toHaveBeenCalledTimes(1);
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        {
          channel: NotificationChannel.Slack,
          template: 'ops.payment_mismatch',
          payload: { eventId: 'evt-1', provider: 'payment', orderId: 'ORD-1', reason },
        },
      ]);
    });

    it.each(['failed', 'pending', 'authorized', 'FAILED'])(
      'a payment.success whose status is %s applies nothing, with the reason',
      async (status) => {
        const order = anOrder();
        const { handler, orders } = setUp(order);

        expect(await handler.apply(contextFor(success({ status })))).toEqual({
          outcome: NoEffect,
          note: `payment.success with status ${status} confirms nothing (captured, paid, success, succeeded, completed do)`,
        });
        expect(orders.lockForUpdate).not.toHaveBeenCalled();
        expect(order.paymentStatus).toBe(PaymentStatus.Pending);
      },
    );

    it.each(['captured', 'Captured', 'succeeded'])('a payment.success with status %s applies', async (status) => {
      expect((await setUp(anOrder()).handler.apply(contextFor(success({ status })))).outcome).toBe(Applied);
    });

    it('is checked before the transition: a mismatched capture on a paid order says so', async () => {
      const { handler } = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }));

      expect(await handler.apply(contextFor(success({ amount: 1 })))).toEqual({
        outcome: NoEffect,
        note: 'amount 1 does not match order amount 2499',
      });
    });

    it('tolerates less than half a cent and a lower-case currency', async () => {
      const order = anOrder();
      const { handler } = setUp(order);

      expect((await handler.apply(contextFor(success({ amount: 2499.004, currency: 'inr' })))).outcome).toBe(Applied);
      expect(order.paymentStatus).toBe(PaymentStatus.Paid);
    });

    it('is not asked of refunds, which may be partial', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid });
      const { handler } = setUp(order);
      const context = contextFor({ event: 'refund.completed', order_id: 'ORD-1', amount: 500, currency: 'INR' });
      expect(await handler.apply(context)).toEqual({
        outcome: Applied,
        note: 'payment paid → partially_refunded; refunded 500 of 2499 INR',
      });
    });
  });

  describe('refunds, matched to the captured payment and counted', () => {
    const refund = (extra: Partial<PaymentWebhookDto> = {}): PaymentWebhookDto => ({
      event: 'refund.completed',
      order_id: 'ORD-1',
      payment_id: 'pay_abc',
      refund_id: 'rfnd_1',
      amount: 2499,
      currency: 'INR',
      ...extra,
    });

    it.each([
      [{ payment_id: 'pay_other', amount: 1, currency: 'USD' }, "refund.completed for payment pay_other, not the order's payment pay_abc"],
      [{ amount: 1, currency: 'USD' }, "refund.completed in USD, not the order's currency INR"],
      [
        { event: 'refund.initiated' as const, payment_id: 'pay_other' },
        "refund.initiated for payment pay_other, not the order's payment pay_abc",
      ],
    ])('%p is not a refund of this order: no effect, nothing saved', async (extra, reason) => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid, paymentId: 'pay_abc' });
      const { handler, orders, outbox } = setUp(order);

      expect(await handler.apply(contextFor(refund(extra)))).toEqual({ outcome: NoEffect, note: reason });
      expect(order).toMatchObject({ paymentStatus: PaymentStatus.Paid, refundedAmount: 0 });
      expect(orders.savePayment).not.toHaveBeenCalled();
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });

    it('partial refunds make the order partially_refunded; the one that completes the paid amount makes it refunded', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid, paymentId: 'pay_abc' });
      const { handler, outbox } = setUp(order);

      expect(await handler.apply(contextFor(refund({ amount: 1000 })))).toEqual({
        outcome: Applied,
        note: 'payment paid → partially_refunded; refunded 1000 of 2499 INR',
      });
      expect(order).toMatchObject({ paymentStatus: PaymentStatus.PartiallyRefunded, refundedAmount: 1000, paymentId: 'pay_abc' });
      expect(outbox.addForEvent).toHaveBeenLastCalledWith(expect.anything(), [
        expect.objectContaining({ template: 'payment.refund_completed', payload: { orderId: 'ORD-1', amount: 1000, currency: 'INR' } }),
      ]);

      expect(await handler.apply(contextFor(refund({ refund_id: 'rfnd_2', amount: 1499 })))).toEqual({
        outcome: Applied,
        note: 'payment partially_refunded → refunded; refunded 2499 of 2499 INR',
      });
      expect(order).toMatchObject({ paymentStatus: PaymentStatus.Refunded, refundedAmount: 2499 });
    });

    it('a refund that would take back more than was paid has no effect', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.PartiallyRefunded, paymentId: 'pay_abc', refundedAmount: 2000 });
      const { handler, orders } = setUp(order);

      expect(await handler.apply(contextFor(refund({ amount: 500 })))).toEqual({
        outcome: NoEffect,
        note: 'refund of 500 INR would bring refunds to 2500, over the 2499 paid (2000 refunded before)',
      });
      expect(orders.savePayment).not.toHaveBeenCalled();
    });

    it('a refund whose status says it did not complete applies nothing', async () => {
      const { handler, orders } = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }));
      expect((await handler.apply(contextFor(refund({ status: 'failed' })))).note).toBe(
        'refund.completed with status failed confirms nothing (processed, completed, success, succeeded, refunded do)',
      );
      expect(orders.lockForUpdate).not.toHaveBeenCalled();
    });

    it("a cumulative refund figure (Stripe's amount_refunded) adds only what is over the refunds recorded", async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.PartiallyRefunded, paymentId: 'pay_abc', refundedAmount: 1000 });
      const { handler, outbox } = setUp(order);
      const total = (amount: number) => ({ payment: { ...refund({ amount }), refundedTotal: true } });

      expect(await handler.applyGatewayOutcome(contextFor(refund()), total(1000))).toEqual({
        outcome: NoEffect,
        note: 'refunds of 1000 INR in all are recorded already (1000)',
      });
      expect(await handler.applyGatewayOutcome(contextFor(refund()), total(2499))).toEqual({
        outcome: Applied,
        note: 'payment partially_refunded → refunded; refunded 2499 of 2499 INR',
      });
      expect(outbox.addForEvent).toHaveBeenCalledWith(expect.anything(), [
        expect.objectContaining({ payload: { orderId: 'ORD-1', amount: 1499, currency: 'INR' } }),
      ]);
    });
  });

  it('fails (to be retried) when the order does not exist yet, writing nothing', async () => {
    const { handler, orders, outbox } = setUp(new OrderNotFoundError('ORD-1'));

    await expect(handler.apply(contextFor(success()))).rejects.toBeInstanceOf(OrderNotFoundError);
    expect(orders.savePayment).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  describe('applyGatewayOutcome (native gateways)', () => {
    it('applies the payment a native event comes to', async () => {
      const order = anOrder();
      const { handler } = setUp(order);

      expect(await handler.applyGatewayOutcome(contextFor(success()), { payment: success({ payment_id: 'pi_3Q' }) })).toEqual({
        outcome: Applied,
        note: 'payment pending → paid',
      });
      expect(order).toMatchObject({ paymentStatus: PaymentStatus.Paid, paymentId: 'pi_3Q' });
    });

    it('records a no-effect outcome with its reason, without touching the order', async () => {
      const { handler, orders, outbox } = setUp(anOrder());

      expect(await handler.applyGatewayOutcome(contextFor(success()), { noEffect: 'refund cancelled by the gateway' })).toEqual({
        outcome: NoEffect,
        note: 'refund cancelled by the gateway',
      });
      expect(orders.lockForUpdate).not.toHaveBeenCalled();
      expect(orders.savePayment).not.toHaveBeenCalled();
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });
  });
});

describe('PaymentWebhookHandler integration events', () => {
  it('records order.paid in the event transaction when the payment moves to paid', async () => {
    const { handler, integrationEvents } = setUp(anOrder());
    const context = contextFor(success());
    await handler.apply(context);
    expect(integrationEvents.record).toHaveBeenCalledWith(context, {
      type: 'order.paid',
      orderId: 'ORD-1',
      data: expect.objectContaining({ amount: 2499, currency: 'INR', paymentStatus: PaymentStatus.Paid, paymentId: 'pay_abc' }),
    });
  });

  it('records order.refunded with the amount the gateway refunded, part of the order', async () => {
    const { handler, integrationEvents } = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }));
    const context = contextFor(success({ event: 'refund.completed', amount: 500 }));
    await handler.apply(context);
    expect(integrationEvents.record).toHaveBeenCalledWith(context, {
      type: 'order.refunded',
      orderId: 'ORD-1',
      // Part of the order: partially refunded (issue 12's partial refunds).
      data: expect.objectContaining({
        amount: 2499,
        refundedAmount: 500,
        refundedCurrency: 'INR',
        paymentStatus: PaymentStatus.PartiallyRefunded,
      }),
    });
  });

  it('records nothing when the event changes nothing, and no event for a refund only initiated', async () => {
    const paid = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }));
    await paid.handler.apply(contextFor(success()));
    expect(paid.integrationEvents.record).not.toHaveBeenCalled();

    const initiated = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }));
    await initiated.handler.apply(contextFor(success({ event: 'refund.initiated' })));
    expect(initiated.integrationEvents.record).toHaveBeenCalledWith(expect.anything(), undefined);
  });
});

describe('PaymentWebhookHandler digital goods', () => {
  const refundOf = (amount: number): PaymentWebhookDto => ({
    event: 'refund.completed',
    order_id: 'ORD-1',
    payment_id: 'pay_abc',
    amount,
    currency: 'INR',
  });
  const alerts = (outbox: ReturnType<typeof setUp>['outbox']) =>
    outbox.addForEvent.mock.calls.flatMap(([, messages]) => messages).filter((m) => m.template === REFUND_OF_DELIVERED_CODES_TEMPLATE);

  it('asks for the supplier order placement, in the event transaction, when a digital order becomes paid', async () => {
    const order = anOrder({ kind: OrderKind.Digital });
    const { handler, placement } = setUp(order);
    const context = contextFor(success());
    await handler.apply(context);
    expect(placement.request).toHaveBeenCalledWith(context, order);
  });

  it('alerts ops (Slack) on a completed refund, full or partial, of a digital order whose codes were delivered', async () => {
    const delivered = { kind: OrderKind.Digital, paymentStatus: PaymentStatus.Paid, paymentId: 'pay_abc' } as const;
    const partial = setUp(anOrder({ ...delivered, fulfillmentStatus: FulfillmentStatus.Delivered }));
    await partial.handler.apply(contextFor(refundOf(1000)));
    expect(alerts(partial.outbox)).toEqual([
      expect.objectContaining({
        channel: NotificationChannel.Slack,
        payload: expect.objectContaining({ orderId: 'ORD-1', paymentStatus: PaymentStatus.PartiallyRefunded, refundedAmount: 1000 }),
      }),
    ]);

    const full = setUp(anOrder({ ...delivered, fulfillmentStatus: FulfillmentStatus.Delivered }));
    await full.handler.apply(contextFor(refundOf(2499)));
    expect(alerts(full.outbox)).toHaveLength(1);
  });

  it('does not alert when the codes were not delivered, for a physical order, or for a refund only initiated', async () => {
    const waiting = setUp(anOrder({ kind: OrderKind.Digital, paymentStatus: PaymentStatus.Paid, paymentId: 'pay_abc' }));
    await waiting.handler.apply(contextFor(refundOf(2499)));
    expect(alerts(waiting.outbox)).toEqual([]);

    const physical = setUp(
      anOrder({ paymentStatus: PaymentStatus.Paid, paymentId: 'pay_abc', fulfillmentStatus: FulfillmentStatus.Delivered }),
    );
    await physical.handler.apply(contextFor(refundOf(2499)));
    expect(alerts(physical.outbox)).toEqual([]);

    const initiated = setUp(
      anOrder({ kind: OrderKind.Digital, paymentStatus: PaymentStatus.Paid, fulfillmentStatus: FulfillmentStatus.Delivered }),
    );
    await initiated.handler.apply(contextFor({ ...refundOf(2499), event: 'refund.initiated' }));
    expect(alerts(initiated.outbox)).toEqual([]);
  });
});
