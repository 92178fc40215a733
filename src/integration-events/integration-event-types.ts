/** Every integration event type a subscriber may receive (and name in INTEGRATION_EVENTS_<NAME>). */
export const INTEGRATION_EVENT_TYPES = [
  'order.paid',
  'order.payment_failed',
  'order.refunded',
  'order.shipped',
  'order.delivery_failed',
  'order.delivered',
  'points.credited',
  'points.debited',
  'digital.codes_delivered',
  'supplier.order_failed',
] as const;

export type IntegrationEventType = (typeof INTEGRATION_EVENT_TYPES)[number];
