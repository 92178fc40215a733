import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import type { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrderNotFoundError } from '../orders/order-not-found.error.js';
import type { OrdersRepository } from '../orders/orders.repository.js';
import { type WebhookEvent, WebhookEventOutcome } from '../webhooks/inbox/webhook-event.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { ShippingWebhookDto } from './dto/shipping-webhook.dto.js';
import type { Shipment } from './shipment.entity.js';
import type { ShipmentsRepository } from './shipments.repository.js';
import { ShippingWebhookHandler } from './shipping-webhook.handler.js';

const { Applied, NoEffect } = WebhookEventOutcome;
const { Unfulfilled, Shipped, InTransit, OutForDelivery, Delivered, DeliveryFailed } = FulfillmentStatus;

const MUMBAI = { city: 'Mumbai', state: 'Maharashtra', pincode: '400001' };

function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'ORD-1',
    amount: 2499,
    currency: 'INR',
    kind: OrderKind.Physical,
    customerEmail: 'john.doe@example.com',
    customerPhone: '+919800000000',
    paymentStatus: PaymentStatus.Paid,
    fulfillmentStatus: Unfulfilled,
    paymentId: 'pay_abc',
    items: null,
    refundedAmount: 0,
    completedAt: null,
    createdAt: new Date('2026-03-07T08:00:00Z'),
    updatedAt: new Date('2026-03-07T08:00:00Z'),
    ...overrides,
  };
}

function aShipment(overrides: Partial<Shipment> = {}): Shipment {
  return {
    id: 'shp-1',
    awb: 'AWB1',
    orderId: 'ORD-1',
    status: Unfulfilled,
    latestScanAt: null,
    deliveredAt: null,
    deliveredTo: null,
    signatureUrl: null,
    createdAt: new Date('2026-03-07T09:00:00Z'),
    updatedAt: new Date('2026-03-07T09:00:00Z'),
    ...overrides,
  };
}

function setUp(order: Order | Error, { shipment = aShipment(), replay = false }: { shipment?: Shipment; replay?: boolean } = {}) {
  const orders = {
    lockForUpdate: jest.fn<OrdersRepository['lockForUpdate']>(() =>
      order instanceof Error ? Promise.reject(order) : Promise.resolve(order),
    ),
    save: jest.fn<OrdersRepository['save']>(async (_manager, saved) => saved),
  };
  const shipments = {
    hasScanOf: jest.fn<ShipmentsRepository['hasScanOf']>(async () => replay),
    lockOrCreate: jest.fn<ShipmentsRepository['lockOrCreate']>(async () => shipment),
    addScan: jest.fn<ShipmentsRepository['addScan']>(async () => undefined),
    save: jest.fn<ShipmentsRepository['save']>(async (_manager, saved) => saved),
  };
  const outbox = { addForEvent: jest.fn<NotificationOutboxService['addForEvent']>(async () => undefined) };
  const integrationEvents = { record: jest.fn<IntegrationEventsService['record']>(async () => undefined) };
  const handler = new ShippingWebhookHandler(
    orders as unknown as OrdersRepository,
    shipments as unknown as ShipmentsRepository,
    outbox as unknown as NotificationOutboxService,
    integrationEvents as unknown as IntegrationEventsService,
  );
  return { handler, orders, shipments, outbox, shipment, integrationEvents };
}

function contextFor(payload: ShippingWebhookDto): WebhookHandlerContext<ShippingWebhookDto> {
  const event = {
    id: 'evt-1',
    provider: 'shipping',
    eventType: payload.event,
    payload,
    processedAt: null,
  } as WebhookEvent<ShippingWebhookDto>;
  return { event, manager: { transaction: 'evt-1' } as unknown as EntityManager, afterCommit: jest.fn() };
}

const scan = (event: ShippingWebhookDto['event'], extra: Partial<ShippingWebhookDto> = {}): ShippingWebhookDto => ({
  event,
  order_id: 'ORD-1',
  awb: 'AWB1',
  status: event.slice('shipment.'.length),
  timestamp: '2026-03-08T08:15:00Z',
  location: MUMBAI,
  ...extra,
});

describe('ShippingWebhookHandler', () => {
  it('a first scan: creates the shipment, records the scan as applied, moves the order and texts the customer', async () => {
    const order = anOrder();
    const { handler, orders, shipments, outbox, shipment } = setUp(order);
    const context = contextFor(scan('shipment.shipped'));

    const result = await handler.apply(context);

    expect(result).toEqual({ outcome: Applied, note: 'fulfilment unfulfilled → shipped (AWB AWB1)' });
    expect(orders.lockForUpdate).toHaveBeenCalledWith(context.manager, 'ORD-1');
    expect(shipments.hasScanOf).toHaveBeenCalledWith(context.manager, 'evt-1');
    expect(shipments.lockOrCreate).toHaveBeenCalledWith(context.manager, 'AWB1', 'ORD-1');
    expect(shipments.addScan).toHaveBeenCalledWith(context.manager, {
      shipmentId: 'shp-1',
      eventId: 'evt-1',
      eventType: 'shipment.shipped',
      carrierStatus: 'shipped',
      city: 'Mumbai',
      state: 'Maharashtra',
      pincode: '400001',
      status: Shipped,
      occurredAt: new Date('2026-03-08T08:15:00Z'),
      applied: true,
    });
    expect(shipments.save).toHaveBeenCalledWith(context.manager, shipment);
    expect(shipment).toMatchObject({ status: Shipped, latestScanAt: new Date('2026-03-08T08:15:00Z'), deliveredAt: null });
    expect(orders.save).toHaveBeenCalledWith(context.manager, order);
    expect(order).toMatchObject({ fulfillmentStatus: Shipped, completedAt: null });
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      {
        channel: NotificationChannel.Sms,
        template: 'shipment.shipped',
        recipient: '+919800000000',
        payload: { orderId: 'ORD-1', awb: 'AWB1', city: 'Mumbai' },
      },
    ]);
  });

  it('hands the outbox the event context itself, whose afterCommit queues the rows; it queues nothing of its own', async () => {
    const { handler, outbox } = setUp(anOrder());
    const context = contextFor(scan('shipment.out_for_delivery'));

    await handler.apply(context);

    expect(outbox.addForEvent.mock.calls[0][0]).toBe(context);
    expect(context.afterCommit).not.toHaveBeenCalled();
  });

  it('records nulls for what the carrier left out', async () => {
    const { handler, shipments } = setUp(anOrder());
    const context = contextFor({ event: 'shipment.in_transit', order_id: 'ORD-1', awb: 'AWB1', timestamp: '2026-03-07T21:30:00Z' });

    await handler.apply(context);

    expect(shipments.addScan).toHaveBeenCalledWith(
      context.manager,
      expect.objectContaining({ carrierStatus: null, city: null, state: null, pincode: null, status: InTransit, applied: true }),
    );
  });

  it('shipment.delivered: keeps the proof of delivery on the shipment, completes the order, e-mails and texts the customer', async () => {
    const order = anOrder({ fulfillmentStatus: OutForDelivery });
    const { handler, outbox, shipment } = setUp(order, {
      shipment: aShipment({ status: OutForDelivery, latestScanAt: new Date('2026-03-08T08:15:00Z') }),
    });
    const context = contextFor({
      event: 'shipment.delivered',
      order_id: 'ORD-1',
      awb: 'AWB1',
      status: 'delivered',
      delivered_at: '2026-03-08T15:45:00Z',
      location: MUMBAI,
      recipient: 'John Doe',
      signature_url: 'https://cdn.example.com/signatures/xyz.jpg',
    });

    expect(await handler.apply(context)).toEqual({ outcome: Applied, note: 'fulfilment out_for_delivery → delivered (AWB AWB1)' });

    const deliveredAt = new Date('2026-03-08T15:45:00Z');
    expect(shipment).toMatchObject({
      status: Delivered,
      latestScanAt: deliveredAt,
      deliveredAt,
      deliveredTo: 'John Doe',
      signatureUrl: 'https://cdn.example.com/signatures/xyz.jpg',
    });
    expect(order).toMatchObject({ fulfillmentStatus: Delivered, completedAt: deliveredAt });
    // No recipient name or signature in the messages.
    const payload = { orderId: 'ORD-1', awb: 'AWB1', city: 'Mumbai' };
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      { channel: NotificationChannel.Email, template: 'shipment.delivered', recipient: 'john.doe@example.com', payload },
      { channel: NotificationChannel.Sms, template: 'shipment.delivered', recipient: '+919800000000', payload },
    ]);
  });

  it('shipment.delivered with a scan time and a delivery time: the order is completed at the delivery time', async () => {
    const order = anOrder({ fulfillmentStatus: OutForDelivery });
    const { handler, shipment } = setUp(order);
    const context = contextFor(scan('shipment.delivered', { timestamp: '2026-03-08T15:50:00Z', delivered_at: '2026-03-08T15:45:00Z' }));

    await handler.apply(context);

    expect(shipment).toMatchObject({
      latestScanAt: new Date('2026-03-08T15:50:00Z'),
      deliveredAt: new Date('2026-03-08T15:45:00Z'),
      deliveredTo: null,
      signatureUrl: null,
    });
    expect(order.completedAt).toEqual(new Date('2026-03-08T15:45:00Z'));
  });

  it('shipment.delivery_failed: texts the customer and alerts ops on Slack', async () => {
    const order = anOrder({ fulfillmentStatus: OutForDelivery });
    const { handler, outbox } = setUp(order);
    const context = contextFor(scan('shipment.delivery_failed', { timestamp: '2026-03-08T13:20:00Z' }));

    expect(await handler.apply(context)).toEqual({ outcome: Applied, note: 'fulfilment out_for_delivery → delivery_failed (AWB AWB1)' });
    expect(order.fulfillmentStatus).toBe(DeliveryFailed);
    const payload = { orderId: 'ORD-1', awb: 'AWB1', city: 'Mumbai' };
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
      { channel: NotificationChannel.Sms, template: 'shipment.delivery_failed', recipient: '+919800000000', payload },
      { channel: NotificationChannel.Slack, template: 'shipment.delivery_failed.ops', recipient: null, payload },
    ]);
  });

  it('shipment.in_transit moves the order silently: the outbox gets no message', async () => {
    const order = anOrder({ fulfillmentStatus: Shipped });
    const { handler, orders, outbox } = setUp(order);
    const context = contextFor(scan('shipment.in_transit'));

    expect(await handler.apply(context)).toEqual({ outcome: Applied, note: 'fulfilment shipped → in_transit (AWB AWB1)' });
    expect(orders.save).toHaveBeenCalledWith(context.manager, order);
    expect(outbox.addForEvent).toHaveBeenCalledWith(context, []);
  });

  it('a replayed event whose scan is in the history already changes nothing', async () => {
    const { handler, orders, shipments, outbox } = setUp(anOrder(), { replay: true });

    expect(await handler.apply(contextFor(scan('shipment.shipped')))).toEqual({
      outcome: NoEffect,
      note: 'scan already in the tracking history; a replay changes nothing',
    });
    expect(shipments.lockOrCreate).not.toHaveBeenCalled();
    expect(shipments.addScan).not.toHaveBeenCalled();
    expect(orders.save).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  it('a scan for a digital order makes no shipment and records nothing', async () => {
    const { handler, orders, shipments, outbox } = setUp(anOrder({ kind: OrderKind.Digital }));

    expect(await handler.apply(contextFor(scan('shipment.shipped')))).toEqual({
      outcome: NoEffect,
      note: 'shipping events apply to physical orders; order ORD-1 is digital',
    });
    expect(shipments.lockOrCreate).not.toHaveBeenCalled();
    expect(shipments.addScan).not.toHaveBeenCalled();
    expect(orders.save).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  it("a scan naming another order's AWB records nothing", async () => {
    const { handler, shipments, orders, outbox } = setUp(anOrder(), { shipment: aShipment({ orderId: 'ORD-OTHER' }) });

    expect(await handler.apply(contextFor(scan('shipment.shipped')))).toEqual({
      outcome: NoEffect,
      note: 'AWB AWB1 belongs to order ORD-OTHER, not ORD-1',
    });
    expect(shipments.addScan).not.toHaveBeenCalled();
    expect(shipments.save).not.toHaveBeenCalled();
    expect(orders.save).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  it.each([
    ['shipment.in_transit', Delivered, 'order already delivered; shipment.in_transit moves nothing'],
    ['shipment.shipped', Shipped, 'fulfilment already shipped'],
    ['shipment.shipped', InTransit, 'shipment.shipped cannot move fulfilment from in_transit'],
    ['shipment.out_for_delivery', OutForDelivery, 'fulfilment already out_for_delivery'],
  ] as const)('%s when fulfilment is %s is kept in the history as not applied: "%s"', async (event, from, reason) => {
    const order = anOrder({ fulfillmentStatus: from });
    const { handler, orders, shipments, outbox, shipment } = setUp(order, { shipment: aShipment({ status: from }) });
    const context = contextFor(scan(event));

    expect(await handler.apply(context)).toEqual({ outcome: NoEffect, note: reason });
    expect(shipments.addScan).toHaveBeenCalledWith(context.manager, expect.objectContaining({ eventId: 'evt-1', applied: false }));
    expect(order.fulfillmentStatus).toBe(from);
    expect(shipment.status).toBe(from);
    expect(shipments.save).not.toHaveBeenCalled();
    expect(orders.save).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  it('a scan older than the latest applied one is kept in the history as not applied', async () => {
    const order = anOrder({ fulfillmentStatus: Shipped });
    const latest = new Date('2026-03-08T09:00:00Z');
    const { handler, orders, shipments, shipment } = setUp(order, { shipment: aShipment({ status: Shipped, latestScanAt: latest }) });
    const context = contextFor(scan('shipment.in_transit', { timestamp: '2026-03-08T08:00:00Z' }));

    expect(await handler.apply(context)).toEqual({
      outcome: NoEffect,
      note: 'shipment.in_transit of 2026-03-08T08:00:00.000Z is older than the latest applied scan (2026-03-08T09:00:00.000Z)',
    });
    expect(shipments.addScan).toHaveBeenCalledWith(
      context.manager,
      expect.objectContaining({ status: InTransit, occurredAt: new Date('2026-03-08T08:00:00Z'), applied: false }),
    );
    expect(shipment.latestScanAt).toBe(latest);
    expect(orders.save).not.toHaveBeenCalled();
  });

  it('fails (to be retried) when the order does not exist yet, writing nothing', async () => {
    const { handler, shipments, outbox } = setUp(new OrderNotFoundError('ORD-1'));

    await expect(handler.apply(contextFor(scan('shipment.shipped')))).rejects.toBeInstanceOf(OrderNotFoundError);
    expect(shipments.lockOrCreate).not.toHaveBeenCalled();
    expect(shipments.addScan).not.toHaveBeenCalled();
    expect(outbox.addForEvent).not.toHaveBeenCalled();
  });

  describe('applyScan, the seam native couriers use', () => {
    it('applies a normalised scan: the order, AWB and time it names, the inbox event type in the history, delivered at the scan time', async () => {
      const order = anOrder({ fulfillmentStatus: OutForDelivery });
      const { handler, orders, shipments, shipment } = setUp(order);
      const context = contextFor(scan('shipment.delivered', { order_id: 'ORD-OTHER' })); // applyScan reads its scan, not the payload
      const occurredAt = new Date('2026-05-23T06:13:52Z');

      const result = await handler.applyScan(context, {
        event: 'shipment.delivered',
        orderId: 'ORD-1',
        awb: '19041424751540',
        occurredAt,
        carrierStatus: 'DELIVERED',
        location: { city: 'Mumbai_MiraRdIndEstate_I', state: 'Maharashtra' },
      });

      expect(result).toEqual({ outcome: Applied, note: 'fulfilment out_for_delivery → delivered (AWB 19041424751540)' });
      expect(orders.lockForUpdate).toHaveBeenCalledWith(context.manager, 'ORD-1');
      expect(shipments.lockOrCreate).toHaveBeenCalledWith(context.manager, '19041424751540', 'ORD-1');
      expect(shipments.addScan).toHaveBeenCalledWith(context.manager, {
        shipmentId: 'shp-1',
        eventId: 'evt-1',
        eventType: 'shipment.delivered',
        carrierStatus: 'DELIVERED',
        city: 'Mumbai_MiraRdIndEstate_I',
        state: 'Maharashtra',
        pincode: null,
        status: Delivered,
        occurredAt,
        applied: true,
      });
      expect(shipment).toMatchObject({
        status: Delivered,
        latestScanAt: occurredAt,
        deliveredAt: occurredAt,
        deliveredTo: null,
        signatureUrl: null,
      });
      expect(order).toMatchObject({ fulfillmentStatus: Delivered, completedAt: occurredAt });
    });
  });
});

describe('ShippingWebhookHandler integration events', () => {
  it('records order.delivered for an applied delivery scan, without the recipient or the proof of delivery', async () => {
    const { handler, integrationEvents } = setUp(anOrder({ fulfillmentStatus: OutForDelivery }));
    const context = contextFor(scan('shipment.delivered', { recipient: 'John Doe', signature_url: 'https://cdn.example.com/s.jpg' }));
    await handler.apply(context);
    expect(integrationEvents.record).toHaveBeenCalledWith(context, {
      type: 'order.delivered',
      orderId: 'ORD-1',
      data: expect.objectContaining({ awb: 'AWB1', fulfillmentStatus: Delivered, deliveredAt: '2026-03-08T08:15:00.000Z' }),
    });
    expect(JSON.stringify(integrationEvents.record.mock.calls[0][1])).not.toMatch(/John Doe|cdn\.example/);
  });

  it('records no event for a scan on the way, and none for a scan the table refuses', async () => {
    const onTheWay = setUp(anOrder({ fulfillmentStatus: Shipped }));
    await onTheWay.handler.apply(contextFor(scan('shipment.in_transit')));
    expect(onTheWay.integrationEvents.record).toHaveBeenCalledWith(expect.anything(), undefined);

    const refused = setUp(anOrder({ fulfillmentStatus: Delivered }));
    await refused.handler.apply(contextFor(scan('shipment.shipped')));
    expect(refused.integrationEvents.record).not.toHaveBeenCalled();
  });
});
