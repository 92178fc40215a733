import { FulfillmentStatus } from '../orders/order.entity.js';
import { nextDigitalFulfillment, supplierOrderTransition } from './digital-goods-transitions.js';
import { SupplierOrderStatus } from './supplier-order.entity.js';

const { Created, Fulfilled, Failed, Refunded } = SupplierOrderStatus;

describe('supplierOrderTransition', () => {
  it.each([
    [null, 'order.created', Created],
    [null, 'order.fulfilled', Fulfilled],
    [Created, 'order.fulfilled', Fulfilled],
    [Failed, 'order.fulfilled', Fulfilled],
    [Created, 'order.failed', Failed],
    [null, 'order.failed', Failed],
    [Fulfilled, 'order.refunded', Refunded],
    [Failed, 'order.refunded', Refunded],
  ] as const)('moves %s on %s to %s', (current, event, to) => {
    expect(supplierOrderTransition(current, event)).toEqual({ allowed: true, to });
  });

  it('does nothing for a second fulfilled: the codes were delivered once', () => {
    expect(supplierOrderTransition(Fulfilled, 'order.fulfilled')).toEqual({ allowed: false, reason: 'supplier order already fulfilled' });
  });

  it.each([
    [Fulfilled, 'order.created', 'order.created cannot move supplier order from fulfilled'],
    [Fulfilled, 'order.failed', 'order.failed cannot move supplier order from fulfilled'],
    [Refunded, 'order.fulfilled', 'order.fulfilled cannot move supplier order from refunded'],
    [Refunded, 'order.refunded', 'supplier order already refunded'],
    [Created, 'order.created', 'supplier order already created'],
  ] as const)('refuses %s on %s', (current, event, reason) => {
    expect(supplierOrderTransition(current, event)).toEqual({ allowed: false, reason });
  });
});

describe('nextDigitalFulfillment', () => {
  const { Unfulfilled, Delivered, FulfillmentFailed } = FulfillmentStatus;

  it.each([
    [Unfulfilled, FulfillmentStatus.Fulfilled, FulfillmentStatus.Fulfilled],
    [FulfillmentFailed, FulfillmentStatus.Fulfilled, FulfillmentStatus.Fulfilled],
    [Unfulfilled, FulfillmentFailed, FulfillmentFailed],
    [FulfillmentStatus.Fulfilled, Delivered, Delivered],
    [Unfulfilled, Delivered, Delivered],
    [Delivered, FulfillmentStatus.Refunded, FulfillmentStatus.Refunded],
  ])('moves %s towards %s to %s', (current, target, expected) => {
    expect(nextDigitalFulfillment(current, target)).toBe(expected);
  });

  it.each([
    [Delivered, FulfillmentStatus.Fulfilled],
    [Delivered, FulfillmentFailed],
    [FulfillmentStatus.Fulfilled, FulfillmentFailed],
    [FulfillmentFailed, Delivered],
    [FulfillmentStatus.Refunded, Delivered],
    [FulfillmentStatus.Refunded, FulfillmentStatus.Refunded],
  ])('keeps %s when aimed at %s', (current, target) => {
    expect(nextDigitalFulfillment(current, target)).toBe(current);
  });
});
