import type { PaymentWebhookDto } from './dto/payment-webhook.dto.js';

/** The gateway's own event id when it sends one; else what identifies this event of this payment. */
export function paymentDedupeKey(body: PaymentWebhookDto): string {
  if (body.event_id) return `id:${body.event_id}`;
  return [body.event, body.order_id, body.payment_id, body.refund_id, body.timestamp].map((part) => part ?? '').join('|');
}
