import type { IntegrationEventType } from '../integration-events/integration-event-types.js';
import type { IntegrationEventInput } from '../integration-events/integration-events.service.js';
import { orderEventData } from '../integration-events/order-event-data.js';
import type { Order } from '../orders/order.entity.js';
import type { ShippingEvent } from './shipping-events.js';

/** The integration event each applied scan is; the scans on the way (in transit, out for delivery) are none. */
export const SHIPPING_INTEGRATION_EVENTS: Record<ShippingEvent, IntegrationEventType | undefined> = {
  'shipment.shipped': 'order.shipped',
  'shipment.in_transit': undefined,
  'shipment.out_for_delivery': undefined,
  'shipment.delivered': 'order.delivered',
  'shipment.delivery_failed': 'order.delivery_failed',
};

/** The scan as subscribers see it: no recipient, no proof-of-delivery URL (personal data). */
export function shippingIntegrationEvent(
  order: Order,
  scan: { event: ShippingEvent; awb: string; occurredAt: Date; deliveredAt?: Date | null; carrierStatus?: string | null },
): IntegrationEventInput | undefined {
  const type = SHIPPING_INTEGRATION_EVENTS[scan.event];
  if (!type) return undefined;
  const delivered = type === 'order.delivered' ? { deliveredAt: (scan.deliveredAt ?? scan.occurredAt).toISOString() } : {};
  return {
    type,
    orderId: order.id,
    data: {
      ...orderEventData(order),
      awb: scan.awb,
      scannedAt: scan.occurredAt.toISOString(),
      carrierStatus: scan.carrierStatus ?? null,
      ...delivered,
    },
  };
}
