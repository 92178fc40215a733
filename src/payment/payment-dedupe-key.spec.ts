import type { PaymentWebhookDto } from './dto/payment-webhook.dto.js';
import { paymentDedupeKey } from './payment-dedupe-key.js';

const body = (extra: Partial<PaymentWebhookDto>): PaymentWebhookDto => ({ event: 'refund.completed', order_id: 'ORD-1', ...extra });

describe('paymentDedupeKey', () => {
  it("is the gateway's event id when it sends one", () => {
    expect(paymentDedupeKey(body({ event_id: 'evt_1' }))).toBe('id:evt_1');
  });

  it('is a JSON array of the fields that identify the event, a missing one null', () => {
    expect(paymentDedupeKey(body({ payment_id: 'pay_1', timestamp: '2026-03-10T09:00:00Z' }))).toBe(
      '["refund.completed","ORD-1","pay_1",null,"2026-03-10T09:00:00Z"]',
    );
  });

  it('keeps apart events whose fields would have run into each other joined with |', () => {
    // Joined with "|" both were refund.completed|ORD-1|a|b|c|.
    const one = paymentDedupeKey(body({ payment_id: 'a|b', refund_id: 'c' }));
    const other = paymentDedupeKey(body({ payment_id: 'a', refund_id: 'b|c' }));
    expect(one).not.toBe(other);
    // An empty field is not a missing one.
    expect(paymentDedupeKey(body({ refund_id: '' }))).not.toBe(paymentDedupeKey(body({})));
  });
});
