import { FulfillmentStatus } from '../orders/order.entity.js';
import { SCAN_STATUS, type ShippingEvent } from './shipping-events.js';

const { Unfulfilled, Shipped, InTransit, OutForDelivery, Delivered, DeliveryFailed } = FulfillmentStatus;

/**
 * Which fulfilment statuses each carrier scan may move a physical order from.
 * Scans the carrier skipped (or that were lost) do not block later ones: any
 * step forward is allowed. Nothing leaves `delivered`.
 */
export const SHIPMENT_TRANSITIONS: Record<ShippingEvent, readonly FulfillmentStatus[]> = {
  'shipment.shipped': [Unfulfilled],
  // One in_transit scan per hub the parcel passes through.
  'shipment.in_transit': [Unfulfilled, Shipped, InTransit],
  // A failed attempt is followed by another run out for delivery.
  'shipment.out_for_delivery': [Unfulfilled, Shipped, InTransit, DeliveryFailed],
  // After a failed attempt the customer may also collect the parcel from the hub.
  'shipment.delivered': [Unfulfilled, Shipped, InTransit, OutForDelivery, DeliveryFailed],
  // A failed attempt may be the first scan to reach us; the earlier ones it implies then move nothing by their time.
  'shipment.delivery_failed': [Unfulfilled, Shipped, InTransit, OutForDelivery],
};

export interface ScanTiming {
  /** The scan's own time. */
  occurredAt: Date;
  /** The time of the shipment's latest applied scan, if any. */
  latestAppliedAt: Date | null;
}

export type ShipmentTransition = { allowed: true; to: FulfillmentStatus } | { allowed: false; reason: string };

/** Where a scan moves the order, or why it moves nothing (it is kept in the tracking history either way). */
export function shipmentTransition(current: FulfillmentStatus, event: ShippingEvent, timing: ScanTiming): ShipmentTransition {
  const to = SCAN_STATUS[event];
  if (current === Delivered) return { allowed: false, reason: `order already delivered; ${event} moves nothing` };
  if (!SHIPMENT_TRANSITIONS[event].includes(current)) {
    const reason = current === to ? `fulfilment already ${current}` : `${event} cannot move fulfilment from ${current}`;
    return { allowed: false, reason };
  }
  if (timing.latestAppliedAt && timing.occurredAt < timing.latestAppliedAt) {
    return {
      allowed: false,
      reason: `${event} of ${timing.occurredAt.toISOString()} is older than the latest applied scan (${timing.latestAppliedAt.toISOString()})`,
    };
  }
  return { allowed: true, to };
}
