import type { IntegrationEventType } from '../integration-events/integration-event-types.js';
import type { IntegrationEventInput } from '../integration-events/integration-events.service.js';
import { orderEventData } from '../integration-events/order-event-data.js';
import type { Order } from '../orders/order.entity.js';
import type { PaymentEvent } from './payment-events.js';

/** The integration event each applied payment event is; a refund only initiated is none (nothing is refunded yet). */
export const PAYMENT_INTEGRATION_EVENTS: Record<PaymentEvent, IntegrationEventType | undefined> = {
  'payment.success': 'order.paid',
  'payment.failed': 'order.payment_failed',
  'refund.initiated': undefined,
  'refund.completed': 'order.refunded',
};

/** For the order the event moved; a refund carries the amount the gateway refunded (part of the order or all of it). */
export function paymentIntegrationEvent(
  order: Order,
  event: PaymentEvent,
  payment: { amount?: number; currency?: string },
): IntegrationEventInput | undefined {
  const type = PAYMENT_INTEGRATION_EVENTS[event];
  if (!type) return undefined;
  const refund =
    type === 'order.refunded'
      ? { refundedAmount: payment.amount ?? order.amount, refundedCurrency: payment.currency ?? order.currency }
      : {};
  return { type, orderId: order.id, data: { ...orderEventData(order), ...refund } };
}
