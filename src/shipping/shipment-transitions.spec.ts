import { FulfillmentStatus } from '../orders/order.entity.js';
import { SHIPMENT_TRANSITIONS, shipmentTransition } from './shipment-transitions.js';
import { SHIPPING_EVENTS, type ShippingEvent } from './shipping-events.js';

const { Unfulfilled, Shipped, InTransit, OutForDelivery, Delivered, DeliveryFailed } = FulfillmentStatus;
const PHYSICAL = [Unfulfilled, Shipped, InTransit, OutForDelivery, Delivered, DeliveryFailed];

const cannot = (event: ShippingEvent, from: FulfillmentStatus) => ({ reason: `${event} cannot move fulfilment from ${from}` });
const final = (event: ShippingEvent) => ({ reason: `order already delivered; ${event} moves nothing` });

/** Every (status, scan) pair of a physical order and what it must lead to, with scans in time order. */
const TABLE: Array<[FulfillmentStatus, ShippingEvent, { to: FulfillmentStatus } | { reason: string }]> = [
  [Unfulfilled, 'shipment.shipped', { to: Shipped }],
  [Unfulfilled, 'shipment.in_transit', { to: InTransit }],
  [Unfulfilled, 'shipment.out_for_delivery', { to: OutForDelivery }],
  [Unfulfilled, 'shipment.delivered', { to: Delivered }],
  [Unfulfilled, 'shipment.delivery_failed', { to: DeliveryFailed }],

  [Shipped, 'shipment.shipped', { reason: 'fulfilment already shipped' }],
  [Shipped, 'shipment.in_transit', { to: InTransit }],
  [Shipped, 'shipment.out_for_delivery', { to: OutForDelivery }],
  [Shipped, 'shipment.delivered', { to: Delivered }],
  [Shipped, 'shipment.delivery_failed', { to: DeliveryFailed }],

  [InTransit, 'shipment.shipped', cannot('shipment.shipped', InTransit)],
  [InTransit, 'shipment.in_transit', { to: InTransit }],
  [InTransit, 'shipment.out_for_delivery', { to: OutForDelivery }],
  [InTransit, 'shipment.delivered', { to: Delivered }],
  [InTransit, 'shipment.delivery_failed', { to: DeliveryFailed }],

  [OutForDelivery, 'shipment.shipped', cannot('shipment.shipped', OutForDelivery)],
  [OutForDelivery, 'shipment.in_transit', cannot('shipment.in_transit', OutForDelivery)],
  [OutForDelivery, 'shipment.out_for_delivery', { reason: 'fulfilment already out_for_delivery' }],
  [OutForDelivery, 'shipment.delivered', { to: Delivered }],
  [OutForDelivery, 'shipment.delivery_failed', { to: DeliveryFailed }],

  [DeliveryFailed, 'shipment.shipped', cannot('shipment.shipped', DeliveryFailed)],
  [DeliveryFailed, 'shipment.in_transit', cannot('shipment.in_transit', DeliveryFailed)],
  [DeliveryFailed, 'shipment.out_for_delivery', { to: OutForDelivery }],
  [DeliveryFailed, 'shipment.delivered', { to: Delivered }],
  [DeliveryFailed, 'shipment.delivery_failed', { reason: 'fulfilment already delivery_failed' }],

  [Delivered, 'shipment.shipped', final('shipment.shipped')],
  [Delivered, 'shipment.in_transit', final('shipment.in_transit')],
  [Delivered, 'shipment.out_for_delivery', final('shipment.out_for_delivery')],
  [Delivered, 'shipment.delivered', final('shipment.delivered')],
  [Delivered, 'shipment.delivery_failed', final('shipment.delivery_failed')],
];

const earlier = new Date('2026-03-08T10:00:00Z');
const later = new Date('2026-03-08T12:00:00Z');
const inOrder = { occurredAt: later, latestAppliedAt: earlier };

describe('shipmentTransition', () => {
  it('covers every physical fulfilment status and scan in this table', () => {
    const pairs = new Set(TABLE.map(([status, event]) => `${status} ${event}`));
    expect(pairs.size).toBe(PHYSICAL.length * SHIPPING_EVENTS.length);
    expect(Object.keys(SHIPMENT_TRANSITIONS).sort()).toEqual([...SHIPPING_EVENTS].sort());
  });

  it.each(TABLE.filter(([, , outcome]) => 'to' in outcome))('%s + %s → allowed %o', (status, event, outcome) => {
    expect(shipmentTransition(status, event, inOrder)).toEqual({ allowed: true, ...outcome });
  });

  it.each(TABLE.filter(([, , outcome]) => 'reason' in outcome))('%s + %s → refused %o', (status, event, outcome) => {
    expect(shipmentTransition(status, event, inOrder)).toEqual({ allowed: false, ...outcome });
  });

  it('lets a failed delivery be attempted again until it is delivered', () => {
    let status = Shipped;
    for (const event of [
      'shipment.out_for_delivery',
      'shipment.delivery_failed',
      'shipment.out_for_delivery',
      'shipment.delivered',
    ] as const) {
      const transition = shipmentTransition(status, event, inOrder);
      if (!transition.allowed) throw new Error(transition.reason);
      status = transition.to;
    }
    expect(status).toBe(Delivered);
  });

  it('applies the first scan of a shipment, which has no applied scan to be older than', () => {
    expect(shipmentTransition(Unfulfilled, 'shipment.shipped', { occurredAt: earlier, latestAppliedAt: null })).toEqual({
      allowed: true,
      to: Shipped,
    });
  });

  it('moves nothing by a scan older than the latest applied one, even where the table allows the step', () => {
    expect(shipmentTransition(InTransit, 'shipment.out_for_delivery', { occurredAt: earlier, latestAppliedAt: later })).toEqual({
      allowed: false,
      reason: 'shipment.out_for_delivery of 2026-03-08T10:00:00.000Z is older than the latest applied scan (2026-03-08T12:00:00.000Z)',
    });
  });

  it('applies a scan of the same instant as the latest applied one', () => {
    expect(shipmentTransition(InTransit, 'shipment.delivered', { occurredAt: later, latestAppliedAt: later })).toEqual({
      allowed: true,
      to: Delivered,
    });
  });

  it('never moves a delivered order, whatever the scan or its time', () => {
    for (const event of SHIPPING_EVENTS) {
      expect(shipmentTransition(Delivered, event, { occurredAt: later, latestAppliedAt: earlier }).allowed).toBe(false);
    }
  });
});
