import { PaymentStatus } from '../orders/order.entity.js';
import { PAYMENT_EVENTS, type PaymentEvent } from './payment-events.js';
import { PAYMENT_TRANSITIONS, paymentTransition } from './payment-transitions.js';

const { Pending, Paid, Failed, RefundInitiated, Refunded } = PaymentStatus;

/** Every (status, event) pair and what it must lead to: a new status, or the reason it is refused. */
const TABLE: Array<[PaymentStatus, PaymentEvent, { to: PaymentStatus } | { reason: string }]> = [
  [Pending, 'payment.success', { to: Paid }],
  [Pending, 'payment.failed', { to: Failed }],
  [Pending, 'refund.initiated', { reason: 'refund.initiated cannot move payment from pending' }],
  [Pending, 'refund.completed', { reason: 'refund.completed cannot move payment from pending' }],

  [Failed, 'payment.success', { to: Paid }],
  [Failed, 'payment.failed', { reason: 'payment already failed' }],
  [Failed, 'refund.initiated', { reason: 'refund.initiated cannot move payment from failed' }],
  [Failed, 'refund.completed', { reason: 'refund.completed cannot move payment from failed' }],

  [Paid, 'payment.success', { reason: 'payment already paid' }],
  [Paid, 'payment.failed', { reason: 'payment.failed cannot move payment from paid' }],
  [Paid, 'refund.initiated', { to: RefundInitiated }],
  [Paid, 'refund.completed', { to: Refunded }],

  [RefundInitiated, 'payment.success', { reason: 'payment.success cannot move payment from refund_initiated' }],
  [RefundInitiated, 'payment.failed', { reason: 'payment.failed cannot move payment from refund_initiated' }],
  [RefundInitiated, 'refund.initiated', { reason: 'payment already refund_initiated' }],
  [RefundInitiated, 'refund.completed', { to: Refunded }],

  [Refunded, 'payment.success', { reason: 'payment.success cannot move payment from refunded' }],
  [Refunded, 'payment.failed', { reason: 'payment.failed cannot move payment from refunded' }],
  [Refunded, 'refund.initiated', { reason: 'refund.initiated cannot move payment from refunded' }],
  [Refunded, 'refund.completed', { reason: 'payment already refunded' }],
];

describe('paymentTransition', () => {
  it('covers every payment status and event in this table', () => {
    const pairs = new Set(TABLE.map(([status, event]) => `${status} ${event}`));
    expect(pairs.size).toBe(Object.values(PaymentStatus).length * PAYMENT_EVENTS.length);
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...PAYMENT_EVENTS].sort());
  });

  it.each(TABLE.filter(([, , outcome]) => 'to' in outcome))('%s + %s → allowed %o', (status, event, outcome) => {
    expect(paymentTransition(status, event)).toEqual({ allowed: true, ...outcome });
  });

  it.each(TABLE.filter(([, , outcome]) => 'reason' in outcome))('%s + %s → refused %o', (status, event, outcome) => {
    expect(paymentTransition(status, event)).toEqual({ allowed: false, ...outcome });
  });

  it('never moves a refunded order anywhere', () => {
    for (const event of PAYMENT_EVENTS) expect(paymentTransition(Refunded, event).allowed).toBe(false);
  });
});
