import { FulfillmentStatus, type Order, PaymentStatus } from './order.entity.js';

export const ORDER_LIFECYCLE = ['open', 'completed', 'refunded'] as const;
export type OrderLifecycle = (typeof ORDER_LIFECYCLE)[number];

/** Where the order is as a whole: refunded wins (goods or codes may have been delivered first), then completed. */
export function orderLifecycle(order: Pick<Order, 'paymentStatus' | 'fulfillmentStatus' | 'completedAt'>): OrderLifecycle {
  if (order.paymentStatus === PaymentStatus.Refunded || order.fulfillmentStatus === FulfillmentStatus.Refunded) return 'refunded';
  return order.completedAt ? 'completed' : 'open';
}
