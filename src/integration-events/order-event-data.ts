import type { Order } from '../orders/order.entity.js';

/** The order's figures and items (empty when it was created without), never the customer's contact details. */
export function orderFigures(order: Order): Record<string, unknown> {
  return { kind: order.kind, amount: order.amount, currency: order.currency, paymentId: order.paymentId, items: order.items ?? [] };
}

/** What every order event written after the order moved carries: its figures and its statuses as they now are. */
export function orderEventData(order: Order): Record<string, unknown> {
  return { ...orderFigures(order), paymentStatus: order.paymentStatus, fulfillmentStatus: order.fulfillmentStatus };
}
