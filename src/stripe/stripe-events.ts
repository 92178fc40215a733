import type { PaymentEvent } from '../payment/payment-events.js';

export const STRIPE_PROVIDER = 'stripe';

/** The Stripe events the service acts on, and the gateway event each amounts to; any other event is recorded and ignored. */
export const STRIPE_PAYMENT_EVENT = {
  'payment_intent.succeeded': 'payment.success',
  // Only when its payment_status is `paid`; a session completed without payment yet changes nothing.
  'checkout.session.completed': 'payment.success',
  'payment_intent.payment_failed': 'payment.failed',
  'charge.refunded': 'refund.completed',
} as const satisfies Record<string, PaymentEvent>;

export type StripeEvent = keyof typeof STRIPE_PAYMENT_EVENT;
export const STRIPE_EVENTS = Object.keys(STRIPE_PAYMENT_EVENT) as StripeEvent[];

export function isStripeEvent(type: unknown): type is StripeEvent {
  return typeof type === 'string' && Object.hasOwn(STRIPE_PAYMENT_EVENT, type);
}

const CREATED = 1_772_965_800; // 2026-03-08T10:30:00Z
const PAYMENT_INTENT = 'pi_3QxN2vLkdIwHu7ix0Fq8Zr1K';
const CHARGE = 'ch_3QxN2vLkdIwHu7ix0Wd4Tb7M';
const CUSTOMER = 'cus_RqT5mX2bQ9aLkE';
const METADATA = { order_id: 'ORD-2026-12345' };

const event = (id: string, type: string, object: object, created = CREATED) => ({
  id,
  object: 'event',
  api_version: '2024-06-20',
  created,
  data: { object },
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  type,
});

const paymentIntent = (status: string, extra: object = {}) => ({
  id: PAYMENT_INTENT,
  object: 'payment_intent',
  amount: 2499,
  amount_capturable: 0,
  amount_details: { tip: {} },
  amount_received: status === 'succeeded' ? 2499 : 0,
  application: null,
  application_fee_amount: null,
  automatic_payment_methods: { allow_redirects: 'always', enabled: true },
  canceled_at: null,
  cancellation_reason: null,
  capture_method: 'automatic_async',
  confirmation_method: 'automatic',
  created: CREATED - 45,
  currency: 'usd',
  customer: CUSTOMER,
  description: 'Order ORD-2026-12345',
  last_payment_error: null,
  latest_charge: CHARGE,
  livemode: false,
  metadata: METADATA,
  next_action: null,
  on_behalf_of: null,
  payment_method: 'pm_1QxN2uLkdIwHu7ixVbS3kP0n',
  payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
  payment_method_types: ['card'],
  processing: null,
  receipt_email: null,
  review: null,
  setup_future_usage: null,
  shipping: null,
  source: null,
  statement_descriptor: null,
  statement_descriptor_suffix: null,
  status,
  transfer_data: null,
  transfer_group: null,
  ...extra,
});

const checkoutSession = (paymentStatus: string, extra: object = {}) => ({
  id: 'cs_test_a1Kq9ZVm3bT7xR2pLw8sYd4NfE6hJ0cUo5gBiA3tMnXyQ1vW',
  object: 'checkout.session',
  amount_subtotal: 2499,
  amount_total: 2499,
  cancel_url: 'https://shop.example.com/cart',
  client_reference_id: 'ORD-2026-12345',
  created: CREATED - 300,
  currency: 'usd',
  customer: CUSTOMER,
  customer_creation: 'if_required',
  customer_details: {
    address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94107', state: null },
    email: 'john.doe@example.com',
    name: 'John Doe',
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  },
  expires_at: CREATED + 86_100,
  livemode: false,
  locale: null,
  metadata: METADATA,
  mode: 'payment',
  payment_intent: PAYMENT_INTENT,
  payment_method_collection: 'if_required',
  payment_method_types: ['card'],
  payment_status: paymentStatus,
  status: 'complete',
  submit_type: null,
  success_url: 'https://shop.example.com/orders/ORD-2026-12345/thanks',
  total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
  ui_mode: 'hosted',
  url: null,
  ...extra,
});

const refundedCharge = {
  id: CHARGE,
  object: 'charge',
  amount: 2499,
  amount_captured: 2499,
  amount_refunded: 2499,
  application: null,
  application_fee: null,
  balance_transaction: 'txn_3QxN2vLkdIwHu7ix0Jm5Hc2S',
  billing_details: {
    address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94107', state: null },
    email: null,
    name: null,
    phone: null,
  },
  calculated_statement_descriptor: 'SHOP.EXAMPLE.COM',
  captured: true,
  created: CREATED - 44,
  currency: 'usd',
  customer: CUSTOMER,
  description: 'Order ORD-2026-12345',
  disputed: false,
  failure_code: null,
  failure_message: null,
  livemode: false,
  // Stripe copied the PaymentIntent's metadata to its charge when the PaymentIntent was confirmed.
  metadata: METADATA,
  outcome: {
    network_status: 'approved_by_network',
    reason: null,
    risk_level: 'normal',
    risk_score: 21,
    seller_message: 'Payment complete.',
    type: 'authorized',
  },
  paid: true,
  payment_intent: PAYMENT_INTENT,
  payment_method: 'pm_1QxN2uLkdIwHu7ixVbS3kP0n',
  payment_method_details: {
    card: { brand: 'visa', country: 'US', exp_month: 12, exp_year: 2030, funding: 'credit', last4: '4242', network: 'visa' },
    type: 'card',
  },
  receipt_url: 'https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xTjRWZ3JMa2RJd0h1N2l4KNjK',
  refunded: true,
  status: 'succeeded',
};

/** Stripe's event bodies (API version 2024-06-20; amounts in minor units, currencies lower-case), one per case the service acts on, plus one it ignores. */
export const STRIPE_EXAMPLES: Record<string, object> = {
  'payment_intent.succeeded': event('evt_3QxN2vLkdIwHu7ix0nS1rT8b', 'payment_intent.succeeded', paymentIntent('succeeded')),
  'checkout.session.completed': event('evt_1QxN2wLkdIwHu7ixR7aB3cD4', 'checkout.session.completed', checkoutSession('paid')),
  'checkout.session.completed (not paid yet)': event(
    'evt_1QxN2wLkdIwHu7ixH2gK8mP5',
    'checkout.session.completed',
    // A delayed payment method: checkout.session.async_payment_succeeded and payment_intent.succeeded follow.
    checkoutSession('unpaid', { payment_method_types: ['us_bank_account'] }),
  ),
  'payment_intent.payment_failed': event(
    'evt_3QxN2vLkdIwHu7ix0Lp4Qe9c',
    'payment_intent.payment_failed',
    paymentIntent('requires_payment_method', {
      latest_charge: 'ch_3QxN2vLkdIwHu7ix0Gx2Vn6Y',
      last_payment_error: {
        charge: 'ch_3QxN2vLkdIwHu7ix0Gx2Vn6Y',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        message: 'Your card has insufficient funds.',
        type: 'card_error',
      },
    }),
  ),
  'charge.refunded': event('evt_3QxN2vLkdIwHu7ix0Ya7Ks3d', 'charge.refunded', refundedCharge, CREATED + 86_400),
  'payment_intent.created (ignored)': event(
    'evt_3QxN2vLkdIwHu7ix0Bh6Wm1a',
    'payment_intent.created',
    paymentIntent('requires_payment_method', { latest_charge: null }),
    CREATED - 45,
  ),
};
