import { PaymentStatus } from '../orders/order.entity.js';
import { PAYMENT_CHANGES, PAYMENT_TRANSITIONS, type PaymentChange, paymentTransition } from './payment-transitions.js';

const { Pending, Paid, Failed, RefundInitiated, PartiallyRefunded, Refunded } = PaymentStatus;

/** Every (status, change) pair and what it must lead to: a new status, or the reason it is refused. */
const TABLE: Array<[PaymentStatus, PaymentChange, { to: PaymentStatus } | { reason: string }]> = [
  [Pending, 'payment.success', { to: Paid }],
  [Pending, 'payment.failed', { to: Failed }],
  [Pending, 'refund.initiated', { reason: 'refund.initiated cannot move payment from pending' }],
  [Pending, 'refund.partial', { reason: 'refund.partial cannot move payment from pending' }],
  [Pending, 'refund.completed', { reason: 'refund.completed cannot move payment from pending' }],
  [Failed, 'payment.success', { to: Paid }],
  [Failed, 'payment.failed', { reason: 'payment already failed' }],
  [Failed, 'refund.initiated', { reason: 'refund.initiated cannot move payment from failed' }],
  [Failed, 'refund.partial', { reason: 'refund.partial cannot move payment from failed' }],
  [Failed, 'refund.completed', { reason: 'refund.completed cannot move payment from failed' }],
  [Paid, 'payment.success', { reason: 'payment already paid' }],
  [Paid, 'payment.failed', { reason: 'payment.failed cannot move payment from paid' }],
  [Paid, 'refund.initiated', { to: RefundInitiated }],
  [Paid, 'refund.partial', { to: PartiallyRefunded }],
  [Paid, 'refund.completed', { to: Refunded }],
  [RefundInitiated, 'payment.success', { reason: 'payment.success cannot move payment from refund_initiated' }],
  [RefundInitiated, 'payment.failed', { reason: 'payment.failed cannot move payment from refund_initiated' }],
  [RefundInitiated, 'refund.initiated', { reason: 'payment already refund_initiated' }],
  [RefundInitiated, 'refund.partial', { to: PartiallyRefunded }],
  [RefundInitiated, 'refund.completed', { to: Refunded }],
  [PartiallyRefunded, 'payment.success', { reason: 'payment.success cannot move payment from partially_refunded' }],
  [PartiallyRefunded, 'payment.failed', { reason: 'payment.failed cannot move payment from partially_refunded' }],
  [PartiallyRefunded, 'refund.initiated', { to: RefundInitiated }],
  [PartiallyRefunded, 'refund.partial', { to: PartiallyRefunded }],
  [PartiallyRefunded, 'refund.completed', { to: Refunded }],
  [Refunded, 'payment.success', { reason: 'payment.success cannot move payment from refunded' }],
  [Refunded, 'payment.failed', { reason: 'payment.failed cannot move payment from refunded' }],
  [Refunded, 'refund.initiated', { reason: 'refund.initiated cannot move payment from refunded' }],
  [Refunded, 'refund.partial', { reason: 'refund.partial cannot move payment from refunded' }],
  [Refunded, 'refund.completed', { reason: 'payment already refunded' }],
];

describe('paymentTransition', () => {
  it('covers every payment status and change in this table', () => {
    const pairs = new Set(TABLE.map(([status, change]) => `${status} ${change}`));
    expect(pairs.size).toBe(Object.values(PaymentStatus).length * PAYMENT_CHANGES.length);
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...PAYMENT_CHANGES].sort());
  });

  it.each(TABLE.filter(([, , outcome]) => 'to' in outcome))('%s + %s → allowed %o', (status, change, outcome) => {
    expect(paymentTransition(status, change)).toEqual({ allowed: true, ...outcome });
  });

  it.each(TABLE.filter(([, , outcome]) => 'reason' in outcome))('%s + %s → refused %o', (status, change, outcome) => {
    expect(paymentTransition(status, change)).toEqual({ allowed: false, ...outcome });
  });

  it('never moves a refunded order anywhere', () => {
    for (const change of PAYMENT_CHANGES) expect(paymentTransition(Refunded, change).allowed).toBe(false);
  });
});
