import { FulfillmentStatus, PaymentStatus } from './order.entity.js';
import { orderLifecycle } from './order-lifecycle.js';

const at = new Date('2026-03-08T15:45:00Z');

describe('orderLifecycle', () => {
  it.each([
    [PaymentStatus.Pending, FulfillmentStatus.Unfulfilled, null, 'open'],
    [PaymentStatus.Paid, FulfillmentStatus.Shipped, null, 'open'],
    [PaymentStatus.Paid, FulfillmentStatus.Delivered, at, 'completed'],
    [PaymentStatus.Paid, FulfillmentStatus.Fulfilled, at, 'completed'],
    [PaymentStatus.RefundInitiated, FulfillmentStatus.Delivered, at, 'completed'],
    [PaymentStatus.Refunded, FulfillmentStatus.Delivered, at, 'refunded'],
    [PaymentStatus.Paid, FulfillmentStatus.Refunded, null, 'refunded'],
  ] as const)('payment %s, fulfilment %s, completed at %s: %s', (paymentStatus, fulfillmentStatus, completedAt, expected) => {
    expect(orderLifecycle({ paymentStatus, fulfillmentStatus, completedAt })).toBe(expected);
  });
});
