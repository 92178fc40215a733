import type { SupplierWebhookDto } from './dto/supplier-webhook.dto.js';

/** The supplier sends no event id: its order id (else our reference) and the event's own time identify an event. */
export function supplierDedupeKey({ event, data, timestamp }: SupplierWebhookDto): string {
  return [event, data.order_id ?? data.reference ?? '', timestamp].join('|');
}
