import type { PaymentEvent } from '../payment/payment-events.js';

export const CASHFREE_PROVIDER = 'cashfree';

/** The Cashfree payment webhooks the service acts on, and the gateway event each amounts to. */
export const CASHFREE_PAYMENT_EVENT = {
  PAYMENT_SUCCESS_WEBHOOK: 'payment.success',
  PAYMENT_FAILED_WEBHOOK: 'payment.failed',
  // The customer left the payment page: the attempt failed; a later success still wins.
  PAYMENT_USER_DROPPED_WEBHOOK: 'payment.failed',
} as const satisfies Record<string, PaymentEvent>;

/** One type for every refund update; what it amounts to is decided by `data.refund.refund_status`. */
export const CASHFREE_REFUND_TYPE = 'REFUND_STATUS_WEBHOOK';

/**
 * The refund statuses that move the order's payment. CANCELLED (Cashfree gave
 * up after several attempts) and FAILED have no transition in the payment
 * table: such an event is processed without effect, with the reason.
 */
export const CASHFREE_REFUND_EVENT = {
  SUCCESS: 'refund.completed',
  PENDING: 'refund.initiated',
  ONHOLD: 'refund.initiated',
} as const satisfies Record<string, PaymentEvent>;

export type CashfreePaymentType = keyof typeof CASHFREE_PAYMENT_EVENT;
export type CashfreeEvent = CashfreePaymentType | typeof CASHFREE_REFUND_TYPE;
/** The types the service acts on; any other (SETTLEMENT_WEBHOOK, dispute and link webhooks…) is recorded and ignored. */
export const CASHFREE_EVENTS = [...Object.keys(CASHFREE_PAYMENT_EVENT), CASHFREE_REFUND_TYPE] as CashfreeEvent[];

export function isCashfreeEvent(type: unknown): type is CashfreeEvent {
  return typeof type === 'string' && (CASHFREE_EVENTS as string[]).includes(type);
}

// 2026-03-08T10:30:00Z, as Cashfree writes times: India time with its offset.
const PAID_AT = '2026-03-08T16:00:04+05:30';

const order = { order_id: 'ORD-2026-12345', order_amount: 2499.0, order_currency: 'INR', order_tags: null };

const customer = {
  customer_name: 'John Doe',
  customer_id: 'CUST-10042',
  customer_email: 'john.doe@example.com',
  customer_phone: '9876543210',
};

const payment = (status: string, extra: object = {}) => ({
  cf_payment_id: '5114917039291',
  payment_status: status,
  payment_amount: 2499.0,
  payment_currency: 'INR',
  payment_message: '00::Transaction success',
  payment_time: PAID_AT,
  bank_reference: '606712345678',
  auth_id: null,
  payment_method: { upi: { channel: 'collect', upi_id: 'johndoe@okaxis' } },
  payment_group: 'upi',
  international_payment: { international: false },
  payment_surcharge: null,
  ...extra,
});

const gateway = {
  gateway_name: 'CASHFREE',
  gateway_order_id: '4412093351',
  gateway_payment_id: '5114917039291',
  gateway_order_reference_id: 'null',
  gateway_settlement: 'CASHFREE',
  gateway_status_code: null,
};

const paymentWebhook = (type: CashfreePaymentType, paymentEntity: object, extra: object = {}) => ({
  data: { order, payment: paymentEntity, customer_details: customer, payment_gateway_details: gateway, payment_offers: null, ...extra },
  event_time: '2026-03-08T16:00:09+05:30',
  type,
});

const refund = (status: string, extra: object = {}) => ({
  data: {
    refund: {
      cf_refund_id: 11325632,
      cf_payment_id: 5114917039291,
      refund_id: 'RFND-ORD-2026-12345-1',
      order_id: 'ORD-2026-12345',
      refund_amount: 2499.0,
      refund_currency: 'INR',
      entity: 'Refund',
      refund_type: 'MERCHANT_INITIATED',
      refund_arn: status === 'SUCCESS' ? '206712345678' : null,
      refund_status: status,
      status_description: 'Refund processed successfully',
      created_at: '2026-03-09T14:30:00+05:30',
      processed_at: status === 'SUCCESS' ? '2026-03-10T11:04:27+05:30' : null,
      refund_note: 'Customer returned the order',
      refund_splits: [],
      metadata: null,
      requested_speed: 'STANDARD',
      processed_speed: 'STANDARD',
      service_charge: 0.0,
      service_tax: 0.0,
      forex_conversion_handling_charge: null,
      forex_conversion_handling_tax: null,
      forex_conversion_rate: null,
      charges_currency: null,
      ...extra,
    },
  },
  event_time: '2026-03-10T11:04:28+05:30',
  type: CASHFREE_REFUND_TYPE,
});

/** Cashfree's webhook bodies, version 2025-01-01 (amounts in rupees), one per case the service acts on, plus one it ignores. */
export const CASHFREE_EXAMPLES: Record<string, object> = {
  PAYMENT_SUCCESS_WEBHOOK: paymentWebhook('PAYMENT_SUCCESS_WEBHOOK', payment('SUCCESS')),
  PAYMENT_FAILED_WEBHOOK: paymentWebhook(
    'PAYMENT_FAILED_WEBHOOK',
    payment('FAILED', {
      cf_payment_id: '5114917039102',
      payment_message: 'Transaction declined by the issuing bank',
      bank_reference: 'NA',
      payment_method: {
        card: {
          channel: 'link',
          card_number: 'XXXXXXXXXXXX1111',
          card_network: 'visa',
          card_type: 'credit_card',
          card_country: 'IN',
          card_bank_name: 'HDFC BANK',
        },
      },
      payment_group: 'credit_card',
    }),
    {
      error_details: {
        error_code: 'TRANSACTION_DECLINED',
        error_description: 'issuer bank or payment service provider declined the transaction',
        error_reason: 'auth_declined',
        error_source: 'customer',
        error_code_raw: '05',
        error_description_raw: 'Do not honour',
      },
    },
  ),
  PAYMENT_USER_DROPPED_WEBHOOK: paymentWebhook(
    'PAYMENT_USER_DROPPED_WEBHOOK',
    payment('USER_DROPPED', {
      cf_payment_id: '5114917038877',
      payment_message: 'User dropped and did not complete the two factor authentication',
      bank_reference: null,
    }),
  ),
  'REFUND_STATUS_WEBHOOK (SUCCESS)': refund('SUCCESS'),
  'REFUND_STATUS_WEBHOOK (PENDING)': refund('PENDING', { status_description: 'Refund is being processed' }),
  'REFUND_STATUS_WEBHOOK (CANCELLED)': refund('CANCELLED', { status_description: 'Refund cancelled after multiple failed attempts' }),
  'SETTLEMENT_WEBHOOK (ignored)': {
    data: {
      settlement: {
        adjustment: 0,
        amount_settled: 2449.1,
        cf_settlement_id: 918273,
        payment_amount: 2499.0,
        payment_from: '2026-03-08T00:00:00+05:30',
        payment_till: '2026-03-08T23:59:59+05:30',
        service_charge: 42.35,
        service_tax: 7.55,
        settled_on: '2026-03-09T11:00:00+05:30',
        settlement_amount: 2449.1,
        settlement_type: 'NORMAL_SETTLEMENT',
        status: 'SUCCESS',
        utr: 'AXISCN0123456789',
      },
    },
    event_time: '2026-03-09T11:00:05+05:30',
    type: 'SETTLEMENT_WEBHOOK',
  },
};
