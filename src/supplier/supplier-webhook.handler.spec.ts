import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import type { AppConfig } from '../config/app-config.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import type { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrderNotFoundError } from '../orders/order-not-found.error.js';
import type { OrdersRepository } from '../orders/orders.repository.js';
import { type WebhookEvent, WebhookEventOutcome } from '../webhooks/inbox/webhook-event.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import { CODES_DELIVERED, ORDER_REFUNDED, SUPPLIER_BALANCE_LOW, SUPPLIER_ORDER_FAILED } from './digital-goods-notifications.js';
import type { SupplierItemDto, SupplierWebhookDto } from './dto/supplier-webhook.dto.js';
import { SUPPLIER_FAILURE_CAUSE } from './refund-request.entity.js';
import type { SupplierOrderEvent } from './supplier-events.js';
import { type SupplierOrder, SupplierOrderStatus } from './supplier-order.entity.js';
import type { SupplierOrdersRepository } from './supplier-orders.repository.js';
import { SupplierWebhookHandler } from './supplier-webhook.handler.js';

const { Applied, NoEffect } = WebhookEventOutcome;
const { Created, Fulfilled, Failed, Refunded } = SupplierOrderStatus;
const SLA_MINUTES = 30;
const AT = '2026-05-01T14:23:11Z';

function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'ORD-1',
    amount: 20,
    currency: 'USD',
    kind: OrderKind.Digital,
    customerEmail: 'john.doe@example.com',
    customerPhone: null,
    paymentStatus: PaymentStatus.Pending,
    fulfillmentStatus: FulfillmentStatus.Unfulfilled,
    paymentId: null,
    items: null,
    refundedAmount: 0,
    completedAt: null,
    createdAt: new Date('2026-05-01T14:00:00Z'),
    updatedAt: new Date('2026-05-01T14:00:00Z'),
    ...overrides,
  };
}

function aSupplierOrder(overrides: Partial<SupplierOrder> = {}): SupplierOrder {
  return {
    id: 'so-1',
    orderId: 'ORD-1',
    supplierOrderId: 'SUP-1',
    status: Created,
    orderedAt: new Date('2026-05-01T14:10:00Z'),
    slaDeadline: new Date('2026-05-01T14:40:00Z'),
    statusChangedAt: new Date('2026-05-01T14:10:00Z'),
    createdAt: new Date('2026-05-01T14:10:01Z'),
    updatedAt: new Date('2026-05-01T14:10:01Z'),
    ...overrides,
  };
}

/** The handler over mocked repositories: `existing` is the order's supplier order, if any; `withdrawn` whether a refund request was withdrawn. */
function setUp(
  order: Order | Error,
  { existing = null, withdrawn = false }: { existing?: SupplierOrder | null; withdrawn?: boolean } = {},
) {
  const orders = {
    lockForUpdate: jest.fn<OrdersRepository['lockForUpdate']>(() =>
      order instanceof Error ? Promise.reject(order) : Promise.resolve(order),
    ),
    save: jest.fn<OrdersRepository['save']>(async (_manager, saved) => saved),
  };
  const supplierOrders = {
    forOrder: jest.fn<SupplierOrdersRepository['forOrder']>(async () => existing),
    newFor: jest.fn<SupplierOrdersRepository['newFor']>((orderId) => ({ orderId, orderedAt: null, slaDeadline: null }) as SupplierOrder),
    save: jest.fn<SupplierOrdersRepository['save']>(async (_manager, saved) => saved),
    storeCodes: jest.fn<SupplierOrdersRepository['storeCodes']>(async () => undefined),
    requestRefund: jest.fn<SupplierOrdersRepository['requestRefund']>(async () => undefined),
    withdrawRefund: jest.fn<SupplierOrdersRepository['withdrawRefund']>(async () => withdrawn),
  };
  const outbox = { addForEvent: jest.fn<NotificationOutboxService['addForEvent']>(async () => undefined) };
  const config = {
    digitalGoods: { codesEncryptionKey: null, codesEncryptionKeysOld: [], supplierSlaMinutes: SLA_MINUTES },
    notifications: { email: { smtpUrl: 'smtp://127.0.0.1:2525' } },
  } as unknown as AppConfig;
  const integrationEvents = {
    record: jest.fn<IntegrationEventsService['record']>(async () => undefined),
    recordCompletion: jest.fn<IntegrationEventsService['recordCompletion']>(async () => undefined),
  };
  const handler = new SupplierWebhookHandler(
    orders as unknown as OrdersRepository,
    supplierOrders as unknown as SupplierOrdersRepository,
    outbox as unknown as NotificationOutboxService,
    config,
    integrationEvents as unknown as IntegrationEventsService,
  );
  return { handler, orders, supplierOrders, outbox, integrationEvents };
}

function contextFor(payload: SupplierWebhookDto, processedAt: Date | null = null): WebhookHandlerContext<SupplierWebhookDto> {
  const event = { id: 'evt-1', provider: 'supplier', eventType: payload.event, payload, processedAt } as WebhookEvent<SupplierWebhookDto>;
  return { event, manager: { transaction: 'evt-1' } as unknown as EntityManager, afterCommit: jest.fn() };
}

const supplierEvent = (event: SupplierOrderEvent, items?: SupplierItemDto[]): SupplierWebhookDto => ({
  event,
  timestamp: AT,
  data: { order_id: 'SUP-1', reference: 'ORD-1', status: event.slice('order.'.length), items },
});

// Codes arrive sealed: the controller sealed them before the inbox stored the event.
const SEALED_ITEMS: SupplierItemDto[] = [
  { sku: 'steam-20-usd', code: 'sealed:code-1', pin: null },
  { sku: 'psn-10-usd', code: 'sealed:code-2', pin: 'sealed:pin-2' },
  { sku: 'xbox-5-usd', code: 'sealed:code-3' },
];

describe('SupplierWebhookHandler', () => {
  describe('order events', () => {
    it('order.created: makes the supplier order in the event transaction and starts its SLA clock', async () => {
      const order = anOrder();
      const { handler, orders, supplierOrders, outbox } = setUp(order);
      const context = contextFor(supplierEvent('order.created'));

      const result = await handler.applyOrderEvent(context);

      const deadline = new Date(new Date(AT).getTime() + SLA_MINUTES * 60_000);
      expect(result).toEqual({
        outcome: Applied,
        note: `supplier order new → created; fulfilment stays unfulfilled; SLA deadline ${deadline.toISOString()}`,
      });
      expect(orders.lockForUpdate).toHaveBeenCalledWith(context.manager, 'ORD-1');
      expect(supplierOrders.forOrder).toHaveBeenCalledWith(context.manager, 'ORD-1');
      expect(supplierOrders.newFor).toHaveBeenCalledWith('ORD-1');
      expect(supplierOrders.save).toHaveBeenCalledWith(context.manager, {
        orderId: 'ORD-1',
        supplierOrderId: 'SUP-1',
        status: Created,
        statusChangedAt: new Date(AT),
        orderedAt: new Date(AT),
        slaDeadline: deadline,
      });
      expect(orders.save).toHaveBeenCalledWith(context.manager, order);
      expect(order.fulfillmentStatus).toBe(FulfillmentStatus.Unfulfilled);
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });

    it('order.fulfilled: stores the sealed codes, e-mails them still sealed, and delivers the paid order', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid });
      const supplierOrder = aSupplierOrder();
      const { handler, orders, supplierOrders, outbox } = setUp(order, { existing: supplierOrder });
      const context = contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS));

      expect(await handler.applyOrderEvent(context)).toEqual({
        outcome: Applied,
        note: 'supplier order created → fulfilled; fulfilment unfulfilled → delivered; 3 code(s) stored sealed; e-mail to the customer queued',
      });
      expect(supplierOrders.newFor).not.toHaveBeenCalled();
      expect(supplierOrders.storeCodes).toHaveBeenCalledWith(context.manager, 'ORD-1', SEALED_ITEMS);
      expect(supplierOrders.withdrawRefund).toHaveBeenCalledWith(context.manager, 'ORD-1', SUPPLIER_FAILURE_CAUSE);
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        {
          channel: NotificationChannel.Email,
          template: CODES_DELIVERED,
          recipient: 'john.doe@example.com',
          payload: {
            orderId: 'ORD-1',
            items: [
              { sku: 'steam-20-usd', code: 'sealed:code-1', pin: null },
              { sku: 'psn-10-usd', code: 'sealed:code-2', pin: 'sealed:pin-2' },
              { sku: 'xbox-5-usd', code: 'sealed:code-3', pin: null },
            ],
          },
        },
      ]);
      expect(supplierOrders.save).toHaveBeenCalledWith(context.manager, supplierOrder);
      // The SLA clock of order.created is left as it was.
      expect(supplierOrder).toMatchObject({
        status: Fulfilled,
        statusChangedAt: new Date(AT),
        orderedAt: new Date('2026-05-01T14:10:00Z'),
      });
      expect(orders.save).toHaveBeenCalledWith(context.manager, order);
      // Paid, and its codes delivered: the order is complete (the storefront's PAID left it waiting for them).
      expect(order).toMatchObject({ fulfillmentStatus: FulfillmentStatus.Delivered, completedAt: new Date(AT) });
    });

    it('order.fulfilled before the payment fulfils the order only: the PAID delivers it', async () => {
      const order = anOrder();
      const { handler } = setUp(order, { existing: aSupplierOrder() });

      expect((await handler.applyOrderEvent(contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS)))).note).toContain(
        'fulfilment unfulfilled → fulfilled',
      );
      expect(order).toMatchObject({ fulfillmentStatus: FulfillmentStatus.Fulfilled, completedAt: null });
    });

    it('records order.completed when the codes complete a paid order, and not before it is paid', async () => {
      const unpaid = setUp(anOrder(), { existing: aSupplierOrder() });
      const unpaidContext = contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS));
      await unpaid.handler.applyOrderEvent(unpaidContext);
      expect(unpaid.integrationEvents.recordCompletion).not.toHaveBeenCalled();

      const paid = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }), { existing: aSupplierOrder() });
      const paidContext = contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS));
      await paid.handler.applyOrderEvent(paidContext);
      expect(paid.integrationEvents.recordCompletion).toHaveBeenCalledWith(
        paidContext,
        'ORD-1',
        expect.objectContaining({ fulfillmentStatus: FulfillmentStatus.Delivered }),
        'digital.codes_delivered',
      );
    });

    it('hands the outbox the event context itself, whose afterCommit queues the rows; it queues nothing of its own', async () => {
      const { handler, outbox } = setUp(anOrder(), { existing: aSupplierOrder() });
      const context = contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS));

      await handler.applyOrderEvent(context);

      expect(outbox.addForEvent.mock.calls[0][0]).toBe(context);
      expect(context.afterCommit).not.toHaveBeenCalled();
    });

    it('order.fulfilled after order.failed withdraws the refund request: codes and a refund are not both owed', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid, fulfillmentStatus: FulfillmentStatus.FulfillmentFailed });
      const { handler } = setUp(order, { existing: aSupplierOrder({ status: Failed }), withdrawn: true });

      expect(await handler.applyOrderEvent(contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS)))).toEqual({
        outcome: Applied,
        note:
          'supplier order failed → fulfilled; fulfilment fulfillment_failed → delivered; ' +
          '3 code(s) stored sealed; e-mail to the customer queued; refund request withdrawn (fulfilled after its failure)',
      });
    });

    it('order.fulfilled for a customer without an e-mail address stores the codes and says none could be sent', async () => {
      const { handler, supplierOrders, outbox } = setUp(anOrder({ customerEmail: null }), { existing: aSupplierOrder() });
      const context = contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS.slice(0, 1)));

      const result = await handler.applyOrderEvent(context);

      expect(result.note).toContain('1 code(s) stored sealed; no customer e-mail to send them to');
      expect(supplierOrders.storeCodes).toHaveBeenCalledTimes(1);
      // The outbox leaves a customer message without a recipient out.
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [expect.objectContaining({ template: CODES_DELIVERED, recipient: null })]);
    });

    it('order.fulfilled on an order the storefront delivered already leaves it delivered', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid, fulfillmentStatus: FulfillmentStatus.Delivered });
      const { handler } = setUp(order, { existing: aSupplierOrder() });

      const result = await handler.applyOrderEvent(contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS)));

      expect(result).toMatchObject({
        outcome: Applied,
        note: expect.stringContaining('supplier order created → fulfilled; fulfilment stays delivered;'),
      });
      expect(order.fulfillmentStatus).toBe(FulfillmentStatus.Delivered);
    });

    it('order.failed on a paid order requests a refund and alerts ops', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid });
      const { handler, supplierOrders, outbox } = setUp(order, { existing: aSupplierOrder() });
      const context = contextFor(supplierEvent('order.failed'));

      expect(await handler.applyOrderEvent(context)).toEqual({
        outcome: Applied,
        note: 'supplier order created → failed; fulfilment unfulfilled → fulfillment_failed; ops alerted; refund requested',
      });
      expect(supplierOrders.requestRefund).toHaveBeenCalledWith(context.manager, {
        orderId: 'ORD-1',
        cause: SUPPLIER_FAILURE_CAUSE,
        amount: 20,
        currency: 'USD',
        sourceEventId: 'evt-1',
      });
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        {
          channel: NotificationChannel.Slack,
          template: SUPPLIER_ORDER_FAILED,
          payload: { orderId: 'ORD-1', supplierOrderId: 'SUP-1', refundRequested: true },
        },
      ]);
      expect(order.fulfillmentStatus).toBe(FulfillmentStatus.FulfillmentFailed);
    });

    it('order.failed on an unpaid order alerts ops without a refund request', async () => {
      const { handler, supplierOrders, outbox } = setUp(anOrder(), { existing: aSupplierOrder() });
      const context = contextFor(supplierEvent('order.failed'));

      expect((await handler.applyOrderEvent(context)).note).toMatch(/; ops alerted; no refund \(payment pending\)$/);
      expect(supplierOrders.requestRefund).not.toHaveBeenCalled();
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        expect.objectContaining({ template: SUPPLIER_ORDER_FAILED, payload: expect.objectContaining({ refundRequested: false }) }),
      ]);
    });

    it('order.refunded before any other supplier event: makes the supplier order refunded and tells the customer', async () => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid, fulfillmentStatus: FulfillmentStatus.Delivered });
      const { handler, supplierOrders, outbox } = setUp(order);
      const context = contextFor(supplierEvent('order.refunded'));

      expect(await handler.applyOrderEvent(context)).toEqual({
        outcome: Applied,
        note: 'supplier order new → refunded; fulfilment delivered → refunded; customer notice recorded',
      });
      expect(supplierOrders.save).toHaveBeenCalledWith(
        context.manager,
        expect.objectContaining({ status: Refunded, orderedAt: null, slaDeadline: null }),
      );
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        { channel: NotificationChannel.Email, template: ORDER_REFUNDED, recipient: 'john.doe@example.com', payload: { orderId: 'ORD-1' } },
      ]);
      expect(order.fulfillmentStatus).toBe(FulfillmentStatus.Refunded);
    });

    it("keeps the supplier's order id it knew when a later event carries none", async () => {
      const { handler, supplierOrders } = setUp(anOrder(), { existing: aSupplierOrder() });
      const context = contextFor({ ...supplierEvent('order.failed'), data: { reference: 'ORD-1', order_id: null } });

      await handler.applyOrderEvent(context);

      expect(supplierOrders.save).toHaveBeenCalledWith(context.manager, expect.objectContaining({ supplierOrderId: 'SUP-1' }));
    });

    it.each([
      ['order.created', Created, 'supplier order already created'],
      ['order.created', Fulfilled, 'order.created cannot move supplier order from fulfilled'],
      ['order.failed', Fulfilled, 'order.failed cannot move supplier order from fulfilled'],
      ['order.fulfilled', Refunded, 'order.fulfilled cannot move supplier order from refunded'],
      ['order.refunded', Refunded, 'supplier order already refunded'],
    ] as const)('%s on a supplier order %s has no effect: "%s"; nothing written', async (event, status, reason) => {
      const order = anOrder({ paymentStatus: PaymentStatus.Paid });
      const supplierOrder = aSupplierOrder({ status });
      const { handler, orders, supplierOrders, outbox } = setUp(order, { existing: supplierOrder });

      expect(await handler.applyOrderEvent(contextFor(supplierEvent(event, SEALED_ITEMS)))).toEqual({ outcome: NoEffect, note: reason });
      expect(supplierOrder.status).toBe(status);
      expect(supplierOrders.save).not.toHaveBeenCalled();
      expect(supplierOrders.storeCodes).not.toHaveBeenCalled();
      expect(supplierOrders.requestRefund).not.toHaveBeenCalled();
      expect(orders.save).not.toHaveBeenCalled();
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });

    it('a supplier event for a physical order has no effect and looks up no supplier order', async () => {
      const { handler, orders, supplierOrders, outbox } = setUp(anOrder({ kind: OrderKind.Physical }));

      expect(await handler.applyOrderEvent(contextFor(supplierEvent('order.created')))).toEqual({
        outcome: NoEffect,
        note: 'supplier events apply to digital orders; order ORD-1 is physical',
      });
      expect(supplierOrders.forOrder).not.toHaveBeenCalled();
      expect(supplierOrders.save).not.toHaveBeenCalled();
      expect(orders.save).not.toHaveBeenCalled();
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });

    it('fails (to be retried) when the order does not exist yet, writing nothing', async () => {
      const { handler, supplierOrders, outbox } = setUp(new OrderNotFoundError('ORD-1'));

      await expect(handler.applyOrderEvent(contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS)))).rejects.toBeInstanceOf(
        OrderNotFoundError,
      );
      expect(supplierOrders.storeCodes).not.toHaveBeenCalled();
      expect(supplierOrders.save).not.toHaveBeenCalled();
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });
  });

  describe('balance.low', () => {
    const balanceLow: SupplierWebhookDto = {
      event: 'balance.low',
      timestamp: '2026-05-01T15:00:00Z',
      data: { order_id: null, reference: null, status: 'low', balance: 120.5, threshold: 500, currency: 'USD' },
    };

    it('alerts ops on Slack through the outbox, touching no order', async () => {
      const { handler, orders, outbox } = setUp(anOrder());
      const context = contextFor(balanceLow);

      expect(await handler.alertLowBalance(context)).toEqual({ outcome: Applied, note: 'ops alerted to top up the supplier balance' });
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        {
          channel: NotificationChannel.Slack,
          template: SUPPLIER_BALANCE_LOW,
          payload: { balance: 120.5, threshold: 500, currency: 'USD', at: '2026-05-01T15:00:00Z' },
        },
      ]);
      expect(orders.lockForUpdate).not.toHaveBeenCalled();
    });

    it('sends nulls for the figures the supplier left out', async () => {
      const { handler, outbox } = setUp(anOrder());
      const context = contextFor({ ...balanceLow, data: {} });

      await handler.alertLowBalance(context);

      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        expect.objectContaining({ payload: { balance: null, threshold: null, currency: null, at: '2026-05-01T15:00:00Z' } }),
      ]);
    });

    it('has no effect when the event was processed before (an operator replay): ops were alerted then', async () => {
      const { handler, outbox } = setUp(anOrder());

      expect(await handler.alertLowBalance(contextFor(balanceLow, new Date('2026-05-01T15:00:01Z')))).toEqual({
        outcome: NoEffect,
        note: 'ops were alerted when this balance.low was first processed',
      });
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });
  });
});

describe('SupplierWebhookHandler integration events', () => {
  it('records digital.codes_delivered with the SKUs and how many codes, never a code', async () => {
    const { handler, integrationEvents } = setUp(anOrder());
    const context = contextFor(supplierEvent('order.fulfilled', SEALED_ITEMS));
    await handler.applyOrderEvent(context);
    expect(integrationEvents.record).toHaveBeenCalledWith(context, {
      type: 'digital.codes_delivered',
      orderId: 'ORD-1',
      data: expect.objectContaining({ codes: SEALED_ITEMS.length, delivered: SEALED_ITEMS.map(({ sku }) => ({ sku })) }),
    });
    const recorded = JSON.stringify(integrationEvents.record.mock.calls[0][1]);
    for (const item of SEALED_ITEMS) expect(recorded).not.toContain(item.code);
  });

  it('records supplier.order_failed with whether a refund was requested', async () => {
    const { handler, integrationEvents } = setUp(anOrder({ paymentStatus: PaymentStatus.Paid }));
    const context = contextFor(supplierEvent('order.failed'));
    await handler.applyOrderEvent(context);
    expect(integrationEvents.record).toHaveBeenCalledWith(context, {
      type: 'supplier.order_failed',
      orderId: 'ORD-1',
      data: expect.objectContaining({ supplierOrderId: 'SUP-1', refundRequested: true }),
    });
  });
});
