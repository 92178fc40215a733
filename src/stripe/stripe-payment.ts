import { NOT_DOT_SEGMENT } from '../orders/dto/create-order.dto.js';
import type { GatewayOutcome, GatewayPayment } from '../payment/payment-webhook.handler.js';
import type { StripeWebhook } from './dto/stripe-webhook.dto.js';
import { STRIPE_PAYMENT_EVENT } from './stripe-events.js';

/**
 * Stripe's own minor units (docs.stripe.com/currencies): these are
 * zero-decimal and these three-decimal; every other currency is two-decimal
 * in Stripe's API, even where ISO 4217 or CLDR (which Intl, and so
 * fromMinorUnits, follows) give none: Stripe sends 1 ISK as 100, and so
 * HUF, TWD, IDR, COP, PKR…
 */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** A Stripe amount in major units, as orders keep them: 2499 usd → 24.99, 500 jpy → 500, 10000 isk → 100. */
export function fromStripeAmount(amount: number, currency: string): number {
  const code = currency.toUpperCase();
  const decimals = ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
  return amount / 10 ** decimals;
}

function notedOrderId(metadata: unknown): string | undefined {
  const orderId =
    metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>).order_id : undefined;
  return typeof orderId === 'string' && orderId.length > 0 ? orderId : undefined;
}

/**
 * Our order id: the object's `metadata.order_id`, set by the merchant (a
 * charge has its PaymentIntent's, copied by Stripe); for a Checkout Session,
 * else its `client_reference_id`.
 */
export function stripeOrderId(webhook: StripeWebhook): string | undefined {
  const object = webhook.data?.object;
  const noted = notedOrderId(object?.metadata);
  if (noted || webhook.type !== 'checkout.session.completed') return ourOrderIdOrNone(noted);
  const reference = webhook.data.object.client_reference_id;
  return typeof reference === 'string' && reference.length > 0 ? ourOrderIdOrNone(reference) : undefined;
}

/** `.` and `..` are never our order ids (they would climb out of a provider API path): such an event names no order. */
function ourOrderIdOrNone(id: string | undefined): string | undefined {
  return id !== undefined && NOT_DOT_SEGMENT.test(id) ? id : undefined;
}

/** Where the merchant puts our order id for each event type, for the 400 of an event that names none. */
const WHERE_THE_ORDER_ID_GOES: Record<StripeWebhook['type'], string> = {
  'payment_intent.succeeded':
    'set metadata.order_id to our order id on the PaymentIntent (with Checkout: payment_intent_data.metadata.order_id)',
  'payment_intent.payment_failed':
    'set metadata.order_id to our order id on the PaymentIntent (with Checkout: payment_intent_data.metadata.order_id)',
  'checkout.session.completed': 'set metadata.order_id (or client_reference_id) to our order id on the Checkout Session',
  'charge.refunded': 'set metadata.order_id to our order id on the PaymentIntent before it is confirmed (Stripe copies it to the charge)',
};

/** Why an event of a type the service acts on cannot be applied (a 400), if it cannot. */
export function stripeProblem(webhook: StripeWebhook): string | undefined {
  if (!stripeOrderId(webhook)) return `${webhook.type} names no order: ${WHERE_THE_ORDER_ID_GOES[webhook.type]}`;
  return undefined;
}

/** What the event comes to, amounts in major units; call after stripeProblem found none. */
export function stripeOutcome(webhook: StripeWebhook): GatewayOutcome {
  const order_id = stripeOrderId(webhook)!;
  const figures = (amount: number, currency: string): Pick<GatewayPayment, 'amount' | 'currency'> => ({
    amount: fromStripeAmount(amount, currency),
    currency: currency.toUpperCase(),
  });
  const event = STRIPE_PAYMENT_EVENT[webhook.type];
  switch (webhook.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const intent = webhook.data.object;
      // What was received is what a success is checked against; a failure received nothing, so it names what was asked.
      const amount = webhook.type === 'payment_intent.succeeded' ? intent.amount_received : intent.amount;
      return { payment: { event, order_id, payment_id: intent.id, ...figures(amount, intent.currency) } };
    }
    case 'checkout.session.completed': {
      const session = webhook.data.object;
      if (session.payment_status !== 'paid') {
        return {
          noEffect:
            `Checkout Session ${session.id} completed with payment_status ${session.payment_status}, not paid: the order is not marked paid ` +
            '(a delayed payment is reported by payment_intent.succeeded once it succeeds)',
        };
      }
      return {
        payment: { event, order_id, payment_id: session.payment_intent ?? session.id, ...figures(session.amount_total, session.currency) },
      };
    }
    case 'charge.refunded': {
      // amount_refunded is every refund of the charge so far: what this event adds is the part over what the order has recorded
      // (refundedTotal), so a partial refund makes the order partially_refunded and the one that completes it refunded.
      const charge = webhook.data.object;
      return {
        payment: {
          event,
          order_id,
          payment_id: charge.payment_intent ?? charge.id,
          ...figures(charge.amount_refunded, charge.currency),
          refundedTotal: true,
        },
      };
    }
  }
}
