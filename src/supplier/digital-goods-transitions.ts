import { FulfillmentStatus } from '../orders/order.entity.js';
import type { SupplierOrderEvent } from './supplier-events.js';
import { SupplierOrderStatus } from './supplier-order.entity.js';

const { Created, Fulfilled, Failed, Refunded } = SupplierOrderStatus;

/**
 * Which supplier order statuses (null: none recorded yet) each supplier event
 * may move from. Events arrive out of order: a fulfilled, failed or refunded
 * may come before its created, and a created that comes late moves nothing.
 * Fulfilled is allowed after failed because a supplier that retries and
 * succeeds has delivered codes the customer paid for.
 */
export const SUPPLIER_ORDER_TRANSITIONS: Record<
  SupplierOrderEvent,
  { from: readonly (SupplierOrderStatus | null)[]; to: SupplierOrderStatus }
> = {
  'order.created': { from: [null], to: Created },
  'order.fulfilled': { from: [null, Created, Failed], to: Fulfilled },
  // Codes once delivered stay delivered: a late failure does not undo them.
  'order.failed': { from: [null, Created], to: Failed },
  'order.refunded': { from: [null, Created, Fulfilled, Failed], to: Refunded },
};

export type SupplierOrderTransition = { allowed: true; to: SupplierOrderStatus } | { allowed: false; reason: string };

export function supplierOrderTransition(current: SupplierOrderStatus | null, event: SupplierOrderEvent): SupplierOrderTransition {
  const { from, to } = SUPPLIER_ORDER_TRANSITIONS[event];
  if (from.includes(current)) return { allowed: true, to };
  const reason = current === to ? `supplier order already ${current}` : `${event} cannot move supplier order from ${current}`;
  return { allowed: false, reason };
}

/**
 * The fulfilment statuses a digital order may reach, and from where. It is
 * delivered once it is both paid and fulfilled (the storefront's PAID after
 * the codes, or the codes after the payment); a delivered order stays
 * delivered when the supplier's fulfilled arrives after it.
 */
const DIGITAL_FULFILLMENT_FROM: Partial<Record<FulfillmentStatus, readonly FulfillmentStatus[]>> = {
  [FulfillmentStatus.Fulfilled]: [FulfillmentStatus.Unfulfilled, FulfillmentStatus.FulfillmentFailed],
  [FulfillmentStatus.FulfillmentFailed]: [FulfillmentStatus.Unfulfilled],
  [FulfillmentStatus.Delivered]: [FulfillmentStatus.Unfulfilled, FulfillmentStatus.Fulfilled],
  [FulfillmentStatus.Refunded]: [
    FulfillmentStatus.Unfulfilled,
    FulfillmentStatus.Fulfilled,
    FulfillmentStatus.Delivered,
    FulfillmentStatus.FulfillmentFailed,
  ],
};

/** The digital order's fulfilment status after moving towards `target`: the target when allowed, else unchanged. */
export function nextDigitalFulfillment(current: FulfillmentStatus, target: FulfillmentStatus): FulfillmentStatus {
  return DIGITAL_FULFILLMENT_FROM[target]?.includes(current) ? target : current;
}

/** The order fulfilment status each supplier order status aims at; created aims at none. */
export const FULFILLMENT_TARGET: Record<SupplierOrderStatus, FulfillmentStatus | null> = {
  [Created]: null,
  [Fulfilled]: FulfillmentStatus.Fulfilled,
  [Failed]: FulfillmentStatus.FulfillmentFailed,
  [Refunded]: FulfillmentStatus.Refunded,
};
