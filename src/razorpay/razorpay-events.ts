import type { PaymentEvent } from '../payment/payment-events.js';

export const RAZORPAY_PROVIDER = 'razorpay';

/** The Razorpay events the service acts on, and the gateway event each amounts to; any other event is recorded and ignored. */
export const RAZORPAY_PAYMENT_EVENT = {
  'payment.captured': 'payment.success',
  'order.paid': 'payment.success',
  'payment.failed': 'payment.failed',
  'refund.created': 'refund.initiated',
  'refund.processed': 'refund.completed',
} as const satisfies Record<string, PaymentEvent>;

export type RazorpayEvent = keyof typeof RAZORPAY_PAYMENT_EVENT;
export const RAZORPAY_EVENTS = Object.keys(RAZORPAY_PAYMENT_EVENT) as RazorpayEvent[];

export function isRazorpayEvent(event: unknown): event is RazorpayEvent {
  return typeof event === 'string' && Object.hasOwn(RAZORPAY_PAYMENT_EVENT, event);
}

const CREATED_AT = 1_772_965_800; // 2026-03-08T10:30:00Z

const payment = (status: string, extra: object = {}) => ({
  id: 'pay_P8n2FHqk1Y3Xa1',
  entity: 'payment',
  amount: 249_900,
  currency: 'INR',
  status,
  order_id: 'order_P8n1uTqYQ9Zx7c',
  method: 'card',
  captured: status === 'captured',
  notes: { order_id: 'ORD-2026-12345' },
  created_at: CREATED_AT,
  ...extra,
});

const refund = (status: string) => ({
  id: 'rfnd_P9a0c3Hd5Kq2Lm',
  entity: 'refund',
  amount: 249_900,
  currency: 'INR',
  payment_id: 'pay_P8n2FHqk1Y3Xa1',
  notes: { order_id: 'ORD-2026-12345' },
  status,
  created_at: CREATED_AT + 86_400,
});

const envelope = (event: string, contains: string[], payload: object) => ({
  entity: 'event',
  account_id: 'acc_BFQ7uQEaa7j2z7',
  event,
  contains,
  payload,
  created_at: CREATED_AT,
});

/** Razorpay's webhook bodies (amounts in paise), one per event the service acts on, plus one it ignores. */
export const RAZORPAY_EXAMPLES: Record<string, object> = {
  'payment.captured': envelope('payment.captured', ['payment'], { payment: { entity: payment('captured') } }),
  'order.paid': envelope('order.paid', ['payment', 'order'], {
    payment: { entity: payment('captured') },
    order: {
      entity: {
        id: 'order_P8n1uTqYQ9Zx7c',
        entity: 'order',
        amount: 249_900,
        amount_paid: 249_900,
        currency: 'INR',
        receipt: 'ORD-2026-12345',
        status: 'paid',
      },
    },
  }),
  'payment.failed': envelope('payment.failed', ['payment'], {
    payment: { entity: payment('failed', { error_code: 'BAD_REQUEST_ERROR', error_description: 'Payment failed' }) },
  }),
  'refund.created': envelope('refund.created', ['refund', 'payment'], {
    refund: { entity: refund('pending') },
    payment: { entity: payment('refunded') },
  }),
  'refund.processed': envelope('refund.processed', ['refund', 'payment'], {
    refund: { entity: refund('processed') },
    payment: { entity: payment('refunded') },
  }),
  'payment.authorized (ignored)': envelope('payment.authorized', ['payment'], { payment: { entity: payment('authorized') } }),
};
