import type { GatewayOutcome } from '../payment/payment-webhook.handler.js';
import type { CashfreeWebhookDto } from './dto/cashfree-webhook.dto.js';
import { CASHFREE_PAYMENT_EVENT, CASHFREE_REFUND_EVENT, CASHFREE_REFUND_TYPE } from './cashfree-events.js';

const isRefund = (webhook: CashfreeWebhookDto) => webhook.type === CASHFREE_REFUND_TYPE;

/** Our order id: the merchant creates the Cashfree order with it, so Cashfree sends it back as `data.order.order_id` (`data.refund.order_id` for refunds). */
export function cashfreeOrderId(webhook: CashfreeWebhookDto): string | undefined {
  const orderId = isRefund(webhook) ? webhook.data?.refund?.order_id : webhook.data?.order?.order_id;
  return typeof orderId === 'string' && orderId.length > 0 ? orderId : undefined;
}

/** Why a webhook of a type the service acts on cannot be applied (a 400), if it cannot. */
export function cashfreeProblem(webhook: CashfreeWebhookDto): string | undefined {
  if (isRefund(webhook)) {
    if (!webhook.data?.refund) return `${webhook.type} carries no data.refund`;
    if (!cashfreeOrderId(webhook))
      return `${webhook.type} names no order: data.refund.order_id must be our order id (create the Cashfree order with order_id set to it)`;
    return undefined;
  }
  if (!webhook.data?.order || !cashfreeOrderId(webhook)) {
    return `${webhook.type} names no order: create the Cashfree order with order_id set to our order id (it comes back as data.order.order_id)`;
  }
  if (!webhook.data.payment) return `${webhook.type} carries no data.payment`;
  return undefined;
}

/**
 * What the webhook comes to; call after cashfreeProblem found none. Amounts
 * are rupees already. A payment is checked against the Cashfree order's
 * `order_amount`, not `payment_amount`: an offer makes the customer pay less
 * for the same order (Cashfree's own example pays 1 of an order of 2), and
 * Cashfree reports SUCCESS only once the order is paid.
 */
export function cashfreeOutcome(webhook: CashfreeWebhookDto): GatewayOutcome {
  const orderId = cashfreeOrderId(webhook)!;
  if (!isRefund(webhook)) {
    const { order, payment } = webhook.data as Required<CashfreeWebhookDto['data']>;
    return {
      payment: {
        event: CASHFREE_PAYMENT_EVENT[webhook.type as keyof typeof CASHFREE_PAYMENT_EVENT],
        order_id: orderId,
        payment_id: String(payment.cf_payment_id),
        amount: order.order_amount,
        currency: order.order_currency.toUpperCase(),
      },
    };
  }
  const refund = webhook.data.refund!;
  const status = refund.refund_status;
  if (!Object.hasOwn(CASHFREE_REFUND_EVENT, status)) {
    const name = refund.refund_id ?? String(refund.cf_refund_id);
    if (status === 'CANCELLED' || status === 'FAILED') {
      return {
        noEffect: `refund ${name} ${status} at Cashfree: the order's payment status is left as it is (no transition undoes a refund); refund again or settle it by hand`,
      };
    }
    return { noEffect: `refund ${name} has status ${status}, which moves no payment (SUCCESS, PENDING and ONHOLD do)` };
  }
  return {
    payment: {
      event: CASHFREE_REFUND_EVENT[status as keyof typeof CASHFREE_REFUND_EVENT],
      order_id: orderId,
      payment_id: refund.cf_payment_id === undefined ? undefined : String(refund.cf_payment_id),
      amount: refund.refund_amount,
      currency: refund.refund_currency.toUpperCase(),
    },
  };
}

/**
 * The dedupe key of a webhook version 2023-08-01 (which sends no
 * x-idempotency-key): the type and Cashfree's payment id, or for a refund its
 * refund id and status (one refund reports PENDING, then SUCCESS). A JSON
 * array, so no id can be read as another's parts.
 */
export function cashfreeEventKey(webhook: CashfreeWebhookDto): string {
  if (isRefund(webhook)) {
    const refund = webhook.data.refund!;
    return JSON.stringify([webhook.type, String(refund.cf_refund_id), refund.refund_status]);
  }
  return JSON.stringify([webhook.type, String(webhook.data.payment!.cf_payment_id)]);
}
