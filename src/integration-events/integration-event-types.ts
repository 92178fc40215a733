/** Every integration event type a subscriber may receive (and name in INTEGRATION_EVENTS_<NAME>). */
export const INTEGRATION_EVENT_TYPES = [
  'order.paid',
  'order.payment_failed',
  'order.refunded',
  'order.shipped',
  'order.delivery_failed',
  'order.delivered',
  'order.completed',
  'points.credited',
  'points.debited',
  'digital.codes_delivered',
  'supplier.order_failed',
] as const;

export type IntegrationEventType = (typeof INTEGRATION_EVENT_TYPES)[number];

/**
 * The events that complete an order: a physical one is complete when
 * delivered, a digital one when its codes are. Recording one records
 * order.completed too, once per order.
 */
export const COMPLETING_EVENTS: ReadonlySet<IntegrationEventType> = new Set(['order.delivered']);
