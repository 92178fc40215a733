import type { SupplierWebhookDto } from './dto/supplier-webhook.dto.js';
import { supplierDedupeKey } from './supplier-dedupe-key.js';

const event = (data: SupplierWebhookDto['data']): SupplierWebhookDto => ({
  event: 'order.fulfilled',
  timestamp: '2026-05-01T14:23:11Z',
  data,
});

describe('supplierDedupeKey', () => {
  it("is a JSON array of the event, the supplier's order id, our reference and the event's time", () => {
    expect(supplierDedupeKey(event({ order_id: 'SUP-1', reference: 'ORD-1' }))).toBe(
      '["order.fulfilled","SUP-1","ORD-1","2026-05-01T14:23:11Z"]',
    );
  });

  it('names the order it applies to: the same supplier order id for another reference is another event', () => {
    expect(supplierDedupeKey(event({ order_id: 'SUP-1', reference: 'ORD-1' }))).not.toBe(
      supplierDedupeKey(event({ order_id: 'SUP-1', reference: 'ORD-2' })),
    );
  });
});
