import type { PaymentConfirmation } from '../order-payment/order-payment-webhook.handler.js';
import type { GatewayPayment } from '../payment/payment-webhook.handler.js';
import type { ShopifyOrderDto, ShopifyRefundDto, ShopifyTransactionDto } from './dto/shopify-webhook.dto.js';
import type { ShopifyTopic } from './shopify-events.js';

const ORDER_GID = /^gid:\/\/shopify\/Order\/(\d{1,30})$/;

/** A Shopify id as the digits Shopify meant: a JSON number past 2^53 has lost some, so it is none. */
function exactId(id: unknown): string | undefined {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? String(id) : undefined;
}

/**
 * Our order id for a Shopify order: its `id` as a string. Taken from
 * `admin_graphql_api_id` (`gid://shopify/Order/<id>`, a string, so exact)
 * when sent; else from `id` while it is a safe integer.
 */
export function shopifyOrderId(order: Pick<ShopifyOrderDto, 'id' | 'admin_graphql_api_id'>): string | undefined {
  const gid = typeof order.admin_graphql_api_id === 'string' ? ORDER_GID.exec(order.admin_graphql_api_id)?.[1] : undefined;
  return gid ?? exactId(order.id);
}

/** Our order id for a Shopify refund: its `order_id` as a string (a refund carries no order gid). */
export function shopifyRefundOrderId(refund: Pick<ShopifyRefundDto, 'order_id'>): string | undefined {
  return exactId(refund.order_id);
}

/** Our order id for a webhook of a topic the service acts on. */
export function shopifyReference(topic: ShopifyTopic, body: ShopifyOrderDto | ShopifyRefundDto): string | undefined {
  return topic === 'orders/paid' ? shopifyOrderId(body) : shopifyRefundOrderId(body as ShopifyRefundDto);
}

/** The money a refund moved: its refund transactions that succeeded (not pending, failed or voids). */
function refundedMoney(refund: ShopifyRefundDto): ShopifyTransactionDto[] {
  return refund.transactions.filter((transaction) => transaction.kind === 'refund' && transaction.status === 'success');
}

/** Why a webhook of a topic the service acts on cannot be applied (a 400), if it cannot; call after its DTO validated it. */
export function shopifyProblem(topic: ShopifyTopic, body: ShopifyOrderDto | ShopifyRefundDto): string | undefined {
  if (topic === 'orders/paid') {
    const order = body as ShopifyOrderDto;
    if (!shopifyOrderId(order)) {
      return `orders/paid: id ${order.id} is past what a JSON number holds exactly (2^53) and admin_graphql_api_id does not give it as gid://shopify/Order/<id>`;
    }
    return undefined;
  }
  const refund = body as ShopifyRefundDto;
  if (!shopifyRefundOrderId(refund))
    return `refunds/create: order_id ${refund.order_id} is past what a JSON number holds exactly (2^53), so it names no order`;
  const currencies = [...new Set(refundedMoney(refund).map((transaction) => transaction.currency.toUpperCase()))];
  if (currencies.length > 1)
    return `refunds/create: the successful refund transactions are in several currencies (${currencies.join(', ')})`;
  return undefined;
}

/** What an orders/paid confirms: the storefront's PAID for our order, held to Shopify's total_price and currency. */
export function shopifyPaidOrder(order: ShopifyOrderDto): PaymentConfirmation {
  return {
    orderId: shopifyOrderId(order)!,
    updatedAt: order.updated_at,
    amount: Number(order.total_price),
    currency: order.currency.toUpperCase(),
  };
}

/**
 * The gateway refund a refunds/create amounts to (refund completed, its
 * amount the sum of the successful refund transactions), or undefined when
 * the refund moved no money (a restock only, or its transactions pending or failed).
 */
export function shopifyRefund(refund: ShopifyRefundDto): GatewayPayment | undefined {
  const moved = refundedMoney(refund);
  if (moved.length === 0) return undefined;
  const total = moved.reduce((sum, transaction) => sum + Number(transaction.amount), 0);
  return {
    event: 'refund.completed',
    order_id: shopifyRefundOrderId(refund)!,
    // Decimal strings summed as floats: rounded back to the micro-unit (0.1 + 0.2 is 0.3).
    amount: Math.round(total * 1e6) / 1e6,
    currency: moved[0].currency.toUpperCase(),
  };
}
