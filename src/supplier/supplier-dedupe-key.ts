import type { SupplierWebhookDto } from './dto/supplier-webhook.dto.js';

/**
 * The supplier sends no event id: its order id, our reference (the order it
 * applies to) and the event's own time identify an event, as a JSON array so
 * no field can run into the next.
 */
export function supplierDedupeKey({ event, data, timestamp }: SupplierWebhookDto): string {
  return JSON.stringify([event, data.order_id ?? null, data.reference ?? null, timestamp]);
}
