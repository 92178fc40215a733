import { PaymentStatus } from '../orders/order.entity.js';
import type { PaymentEvent } from './payment-events.js';

/**
 * What an applied gateway event does to the payment: the event itself, except
 * that a completed refund is `refund.partial` while the refunds so far add up
 * to less than the amount paid (the handler tells which).
 */
export type PaymentChange = PaymentEvent | 'refund.partial';

export const PAYMENT_CHANGES: readonly PaymentChange[] = [
  'payment.success',
  'payment.failed',
  'refund.initiated',
  'refund.partial',
  'refund.completed',
];

const { Pending, Paid, Failed, RefundInitiated, PartiallyRefunded, Refunded } = PaymentStatus;

/** Which payment statuses each change may move an order from, and to what. */
export const PAYMENT_TRANSITIONS: Record<PaymentChange, { from: readonly PaymentStatus[]; to: PaymentStatus }> = {
  // A failed attempt can be followed by a successful one.
  'payment.success': { from: [Pending, Failed], to: Paid },
  'payment.failed': { from: [Pending], to: Failed },
  // A second refund may start after a first, partial, one.
  'refund.initiated': { from: [Paid, PartiallyRefunded], to: RefundInitiated },
  // Some gateways skip the initiated notice; partial refunds may follow one another.
  'refund.partial': { from: [Paid, RefundInitiated, PartiallyRefunded], to: PartiallyRefunded },
  'refund.completed': { from: [Paid, RefundInitiated, PartiallyRefunded], to: Refunded },
};

export type PaymentTransition = { allowed: true; to: PaymentStatus } | { allowed: false; reason: string };

export function paymentTransition(current: PaymentStatus, change: PaymentChange): PaymentTransition {
  const { from, to } = PAYMENT_TRANSITIONS[change];
  if (from.includes(current)) return { allowed: true, to };
  const reason = current === to ? `payment already ${current}` : `${change} cannot move payment from ${current}`;
  return { allowed: false, reason };
}
