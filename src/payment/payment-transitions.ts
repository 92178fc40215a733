import { PaymentStatus } from '../orders/order.entity.js';
import type { PaymentEvent } from './payment-events.js';

/** Which payment statuses each event may move an order from, and to what. */
export const PAYMENT_TRANSITIONS: Record<PaymentEvent, { from: readonly PaymentStatus[]; to: PaymentStatus }> = {
  // A failed attempt can be followed by a successful one.
  'payment.success': { from: [PaymentStatus.Pending, PaymentStatus.Failed], to: PaymentStatus.Paid },
  'payment.failed': { from: [PaymentStatus.Pending], to: PaymentStatus.Failed },
  'refund.initiated': { from: [PaymentStatus.Paid], to: PaymentStatus.RefundInitiated },
  // Some gateways skip the initiated notice.
  'refund.completed': { from: [PaymentStatus.Paid, PaymentStatus.RefundInitiated], to: PaymentStatus.Refunded },
};

export type PaymentTransition = { allowed: true; to: PaymentStatus } | { allowed: false; reason: string };

export function paymentTransition(current: PaymentStatus, event: PaymentEvent): PaymentTransition {
  const { from, to } = PAYMENT_TRANSITIONS[event];
  if (from.includes(current)) return { allowed: true, to };
  const reason = current === to ? `payment already ${current}` : `${event} cannot move payment from ${current}`;
  return { allowed: false, reason };
}
