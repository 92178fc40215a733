import type { PaymentWebhookDto } from './dto/payment-webhook.dto.js';

/**
 * The gateway's own event id when it sends one; else what identifies this
 * event of this payment, as a JSON array (no field can run into the next; a
 * field left out is null, not an empty string). Figures are not part of it:
 * the same event with another amount is a conflict, not a second event.
 */
export function paymentDedupeKey(body: PaymentWebhookDto): string {
  if (body.event_id) return `id:${body.event_id}`;
  return JSON.stringify([body.event, body.order_id, body.payment_id ?? null, body.refund_id ?? null, body.timestamp ?? null]);
}
