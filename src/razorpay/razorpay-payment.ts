import { NOT_DOT_SEGMENT } from '../orders/dto/create-order.dto.js';
import { fromMinorUnits } from '../common/money/minor-units.js';
import type { GatewayPayment } from '../payment/payment-webhook.handler.js';
import type { RazorpayWebhookDto } from './dto/razorpay-webhook.dto.js';
import { RAZORPAY_PAYMENT_EVENT } from './razorpay-events.js';

const REFUND_EVENTS = new Set(['refund.created', 'refund.processed']);

/** The entity whose figures count: the refund of a refund event, else the payment. */
function entityOf(webhook: RazorpayWebhookDto) {
  return REFUND_EVENTS.has(webhook.event) ? webhook.payload.refund?.entity : webhook.payload.payment?.entity;
}

function notedOrderId(notes: unknown): string | undefined {
  const orderId = notes && typeof notes === 'object' && !Array.isArray(notes) ? (notes as Record<string, unknown>).order_id : undefined;
  return typeof orderId === 'string' && orderId.length > 0 ? orderId : undefined;
}

/** Our order id: `notes.order_id` of the refund or payment (set by the merchant), else the Razorpay order's `receipt`. */
export function razorpayOrderId(webhook: RazorpayWebhookDto): string | undefined {
  const { payment, refund, order } = webhook.payload;
  const id = notedOrderId(refund?.entity.notes) ?? notedOrderId(payment?.entity.notes) ?? order?.entity.receipt;
  // `.` and `..` are never our order ids (they would climb out of a provider API path): such an event names no order.
  return id !== undefined && NOT_DOT_SEGMENT.test(id) ? id : undefined;
}

/** Why a webhook of an event the service acts on cannot be applied (a 400), if it cannot. */
export function razorpayProblem(webhook: RazorpayWebhookDto): string | undefined {
  const needed = REFUND_EVENTS.has(webhook.event) ? 'payload.refund' : 'payload.payment';
  if (!entityOf(webhook)) return `${webhook.event} carries no ${needed}.entity`;
  if (!razorpayOrderId(webhook))
    return `${webhook.event} names no order: set notes.order_id (or the Razorpay order's receipt) to our order id`;
  return undefined;
}

/** The gateway payment a Razorpay event amounts to, its amount in major units; call after razorpayProblem found none. */
export function razorpayPayment(webhook: RazorpayWebhookDto): GatewayPayment {
  const entity = entityOf(webhook)!;
  const refund = webhook.payload.refund?.entity;
  return {
    event: RAZORPAY_PAYMENT_EVENT[webhook.event],
    order_id: razorpayOrderId(webhook)!,
    payment_id: refund?.payment_id ?? webhook.payload.payment?.entity.id,
    amount: fromMinorUnits(entity.amount, entity.currency),
    currency: entity.currency.toUpperCase(),
  };
}
