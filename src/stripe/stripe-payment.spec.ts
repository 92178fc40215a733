import { BadRequestException } from '@nestjs/common';
import { fromMinorUnits } from '../common/money/minor-units.js';
import { validateWebhookBody } from '../webhooks/request/validate-webhook-body.js';
import { STRIPE_EVENT_DTO, type StripeWebhook } from './dto/stripe-webhook.dto.js';
import { isStripeEvent, STRIPE_EVENTS, STRIPE_EXAMPLES, type StripeEvent } from './stripe-events.js';
import { fromStripeAmount, stripeOrderId, stripeOutcome, stripeProblem } from './stripe-payment.js';

type Example = keyof typeof STRIPE_EXAMPLES;
type Body = { id?: string; type: string; data: { object: Record<string, unknown> } };

/** A copy of Stripe's example event, its object changed by `change`. */
function example(name: Example, change: (object: Record<string, unknown>) => void = () => undefined): StripeWebhook {
  const body = structuredClone(STRIPE_EXAMPLES[name]) as Body;
  change(body.data.object);
  return body as unknown as StripeWebhook;
}

describe('Stripe events as gateway events', () => {
  it('payment_intent.succeeded → payment.success of metadata.order_id, for what was received, in dollars', () => {
    expect(stripeOutcome(example('payment_intent.succeeded'))).toEqual({
      payment: {
        event: 'payment.success',
        order_id: 'ORD-2026-12345',
        payment_id: 'pi_3QxN2vLkdIwHu7ix0Fq8Zr1K',
        amount: 24.99,
        currency: 'USD',
      },
    });
    // A partial capture received less than was asked: that is what the order is checked against.
    expect(stripeOutcome(example('payment_intent.succeeded', (pi) => (pi.amount_received = 1000)))).toMatchObject({
      payment: { amount: 10 },
    });
  });

  it('payment_intent.payment_failed → payment.failed, naming the amount asked (nothing was received)', () => {
    expect(stripeOutcome(example('payment_intent.payment_failed'))).toEqual({
      payment: {
        event: 'payment.failed',
        order_id: 'ORD-2026-12345',
        payment_id: 'pi_3QxN2vLkdIwHu7ix0Fq8Zr1K',
        amount: 24.99,
        currency: 'USD',
      },
    });
  });

  it('checkout.session.completed, paid → payment.success for amount_total, as its PaymentIntent', () => {
    expect(stripeOutcome(example('checkout.session.completed'))).toEqual({
      payment: {
        event: 'payment.success',
        order_id: 'ORD-2026-12345',
        payment_id: 'pi_3QxN2vLkdIwHu7ix0Fq8Zr1K',
        amount: 24.99,
        currency: 'USD',
      },
    });
    expect(stripeOutcome(example('checkout.session.completed', (s) => (s.payment_intent = null)))).toMatchObject({
      payment: { payment_id: 'cs_test_a1Kq9ZVm3bT7xR2pLw8sYd4NfE6hJ0cUo5gBiA3tMnXyQ1vW' },
    });
  });

  it.each(['unpaid', 'no_payment_required'])('checkout.session.completed with payment_status %s has no effect, saying why', (status) => {
    const session = example('checkout.session.completed (not paid yet)', (s) => (s.payment_status = status));
    expect(stripeOutcome(session)).toEqual({
      noEffect:
        `Checkout Session cs_test_a1Kq9ZVm3bT7xR2pLw8sYd4NfE6hJ0cUo5gBiA3tMnXyQ1vW completed with payment_status ${status}, not paid: ` +
        'the order is not marked paid (a delayed payment is reported by payment_intent.succeeded once it succeeds)',
    });
  });

  it("charge.refunded → refund.completed for amount_refunded (the total refunded so far), as the charge's PaymentIntent (else the charge)", () => {
    expect(stripeOutcome(example('charge.refunded'))).toEqual({
      payment: {
        event: 'refund.completed',
        order_id: 'ORD-2026-12345',
        payment_id: 'pi_3QxN2vLkdIwHu7ix0Fq8Zr1K',
        amount: 24.99,
        currency: 'USD',
        refundedTotal: true,
      },
    });
    const partial = example('charge.refunded', (c) => Object.assign(c, { amount_refunded: 500, refunded: false, payment_intent: null }));
    expect(stripeOutcome(partial)).toMatchObject({
      payment: { event: 'refund.completed', payment_id: 'ch_3QxN2vLkdIwHu7ix0Wd4Tb7M', amount: 5 },
    });
  });

  describe("amounts in Stripe's minor units", () => {
    it.each([
      [2499, 'usd', 24.99],
      [249_900, 'inr', 2499],
      [500, 'jpy', 500],
      [1500, 'krw', 1500],
      [1550, 'kwd', 1.55],
      // Two-decimal in Stripe's API, whatever ISO 4217 or CLDR say.
      [10_000, 'isk', 100],
      [150_000, 'huf', 1500],
      [10_000_000, 'idr', 100_000],
    ])('%d %s is %d', (amount, currency, major) => {
      expect(fromStripeAmount(amount, currency)).toBe(major);
    });

    it('differs from fromMinorUnits (CLDR) where Stripe counts two decimals', () => {
      expect(fromMinorUnits(10_000, 'ISK')).toBe(10_000);
      expect(fromStripeAmount(10_000, 'isk')).toBe(100);
    });

    it('upper-cases the currency and converts a zero-decimal one as it is', () => {
      const yen = example('payment_intent.succeeded', (pi) => Object.assign(pi, { amount: 3500, amount_received: 3500, currency: 'jpy' }));
      expect(stripeOutcome(yen)).toMatchObject({ payment: { amount: 3500, currency: 'JPY' } });
    });
  });

  describe('order id', () => {
    it("is the object's metadata.order_id", () => {
      for (const name of STRIPE_EVENTS)
        expect(stripeOrderId(example(name, (o) => (o.metadata = { order_id: 'ORD-9', other: 'x' })))).toBe('ORD-9');
    });

    it('is none when it is . or .. (a path segment that climbs out of a provider URL)', () => {
      for (const id of ['.', '..']) {
        expect(stripeOrderId(example('payment_intent.succeeded', (o) => (o.metadata = { order_id: id })))).toBeUndefined();
        expect(
          stripeOrderId(example('checkout.session.completed', (s) => Object.assign(s, { metadata: {}, client_reference_id: id }))),
        ).toBeUndefined();
      }
    });

    it("falls back to a Checkout Session's client_reference_id, and only there", () => {
      expect(
        stripeOrderId(example('checkout.session.completed', (s) => Object.assign(s, { metadata: {}, client_reference_id: 'ORD-10' }))),
      ).toBe('ORD-10');
      expect(
        stripeOrderId(example('charge.refunded', (c) => Object.assign(c, { metadata: {}, client_reference_id: 'ORD-10' }))),
      ).toBeUndefined();
    });

    it.each([
      [
        'payment_intent.succeeded',
        'set metadata.order_id to our order id on the PaymentIntent (with Checkout: payment_intent_data.metadata.order_id)',
      ],
      [
        'payment_intent.payment_failed',
        'set metadata.order_id to our order id on the PaymentIntent (with Checkout: payment_intent_data.metadata.order_id)',
      ],
      ['checkout.session.completed', 'set metadata.order_id (or client_reference_id) to our order id on the Checkout Session'],
      [
        'charge.refunded',
        'set metadata.order_id to our order id on the PaymentIntent before it is confirmed (Stripe copies it to the charge)',
      ],
    ] as const)('%s without one is refused: "%s"', (name, advice) => {
      const unnamed = example(name, (o) => Object.assign(o, { metadata: {}, client_reference_id: null }));
      expect(stripeOrderId(unnamed)).toBeUndefined();
      expect(stripeProblem(unnamed)).toBe(`${name} names no order: ${advice}`);
      expect(stripeProblem(example(name, (o) => Object.assign(o, { metadata: { order_id: '' }, client_reference_id: null })))).toMatch(
        /names no order/,
      );
    });
  });

  it('has an example of every event it acts on, each without problem, and one it ignores', () => {
    const types = Object.values(STRIPE_EXAMPLES).map((body) => (body as Body).type);
    expect([...new Set(types.filter(isStripeEvent))].sort()).toEqual([...STRIPE_EVENTS].sort());
    for (const [name, body] of Object.entries(STRIPE_EXAMPLES)) {
      expect({ name, acted: isStripeEvent((body as Body).type) }).toEqual({ name, acted: !name.endsWith('(ignored)') });
      expect((body as Body).id).toMatch(/^evt_/);
      if (isStripeEvent((body as Body).type))
        expect({ name, problem: stripeProblem(body as StripeWebhook) }).toEqual({ name, problem: undefined });
    }
  });

  describe('validation by event type (as the controller runs it)', () => {
    it('accepts every example of an event it acts on against its DTO', async () => {
      for (const body of Object.values(STRIPE_EXAMPLES)) {
        const { type } = body as Body;
        if (isStripeEvent(type)) await expect(validateWebhookBody(STRIPE_EVENT_DTO[type], structuredClone(body))).resolves.toBeDefined();
      }
    });

    it.each<[StripeEvent, (object: Record<string, unknown>) => unknown, RegExp]>([
      ['payment_intent.succeeded', (o) => (o.amount_received = '24.99'), /amount_received/],
      ['payment_intent.payment_failed', (o) => (o.object = 'charge'), /object must be one of/],
      ['checkout.session.completed', (o) => delete o.payment_status, /payment_status/],
      ['checkout.session.completed', (o) => (o.amount_total = null), /amount_total/],
      ['charge.refunded', (o) => (o.currency = 'dollars'), /currency/],
      ['charge.refunded', (o) => delete o.amount_refunded, /amount_refunded/],
    ])('refuses a malformed %s with a 400 naming the field', async (name, change, field) => {
      const error = await validateWebhookBody(STRIPE_EVENT_DTO[name], example(name, change)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestException);
      expect(JSON.stringify((error as BadRequestException).getResponse())).toMatch(field);
    });

    it('refuses an event without its id or its data.object', async () => {
      const noId = structuredClone(STRIPE_EXAMPLES['charge.refunded']) as Body;
      delete noId.id;
      const noObject = structuredClone(STRIPE_EXAMPLES['charge.refunded']) as Body;
      noObject.data = {} as Body['data'];
      for (const [body, field] of [
        [noId, /id must be/],
        [noObject, /object must be an object/],
      ] as const) {
        const error = await validateWebhookBody(STRIPE_EVENT_DTO['charge.refunded'], body).catch((e: unknown) => e);
        expect(JSON.stringify((error as BadRequestException).getResponse())).toMatch(field);
      }
    });
  });
});
