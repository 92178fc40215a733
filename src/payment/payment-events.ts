export const PAYMENT_PROVIDER = 'payment';

export const PAYMENT_EVENTS = ['payment.success', 'payment.failed', 'refund.initiated', 'refund.completed'] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

/** The gateway's example payloads (seed: "Payment Success Webhook"), one per event type. */
export const PAYMENT_EXAMPLES: Record<PaymentEvent, object> = {
  'payment.success': {
    event: 'payment.success',
    order_id: 'ORD-2026-12345',
    payment_id: 'pay_abc123xyz',
    amount: 2499.0,
    currency: 'INR',
    status: 'captured',
    method: 'card',
    timestamp: '2026-03-08T10:30:00Z',
    signature: 'sha256_signature_here',
  },
  'payment.failed': {
    event: 'payment.failed',
    order_id: 'ORD-2026-12345',
    payment_id: 'pay_abc123xyz',
    amount: 2499.0,
    currency: 'INR',
    status: 'failed',
    method: 'card',
    timestamp: '2026-03-08T10:30:00Z',
  },
  'refund.initiated': {
    event: 'refund.initiated',
    order_id: 'ORD-2026-12345',
    payment_id: 'pay_abc123xyz',
    refund_id: 'rfnd_001',
    amount: 2499.0,
    currency: 'INR',
    status: 'initiated',
    timestamp: '2026-03-09T09:00:00Z',
  },
  'refund.completed': {
    event: 'refund.completed',
    order_id: 'ORD-2026-12345',
    payment_id: 'pay_abc123xyz',
    refund_id: 'rfnd_001',
    amount: 2499.0,
    currency: 'INR',
    status: 'processed',
    timestamp: '2026-03-10T09:00:00Z',
  },
};
