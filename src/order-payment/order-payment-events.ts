export const ORDER_PAYMENT_PROVIDER = 'order-payment';

export const ORDER_PAYMENT_EVENTS = ['order.payment'] as const;
export type OrderPaymentEvent = (typeof ORDER_PAYMENT_EVENTS)[number];

/** The only orderPayment.status that confirms a payment (seed: "Handling Order Payment Webhook Events"). */
export const PAID = 'PAID';

const orderPayment = (status: string, updatedAt: string) => ({
  event: 'order.payment',
  id: 'ORD-12345',
  orderPayment: { status, amount: 20.0, currency: 'USD', paymentId: 'op_7f3a91' },
  updatedAt,
});

/** The storefront's order payload, by what it confirms. */
export const ORDER_PAYMENT_EXAMPLES: Record<string, object> = {
  'order.payment (PAID)': orderPayment(PAID, '2026-05-01T14:25:00Z'),
  'order.payment (any other status)': orderPayment('PENDING', '2026-05-01T14:20:00Z'),
};
