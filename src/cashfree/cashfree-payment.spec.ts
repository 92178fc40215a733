import { BadRequestException } from '@nestjs/common';
import { validateWebhookBody } from '../webhooks/request/validate-webhook-body.js';
import { CASHFREE_EVENTS, CASHFREE_EXAMPLES, isCashfreeEvent } from './cashfree-events.js';
import { cashfreeEventKey, cashfreeOrderId, cashfreeOutcome, cashfreeProblem } from './cashfree-payment.js';
import { CashfreeWebhookDto } from './dto/cashfree-webhook.dto.js';

type Example = keyof typeof CASHFREE_EXAMPLES;
type Body = { type: string; data: Record<string, Record<string, unknown> | undefined> };

/** A copy of Cashfree's example body, changed by `change`. */
function example(name: Example, change: (body: Body) => void = () => undefined): CashfreeWebhookDto {
  const body = structuredClone(CASHFREE_EXAMPLES[name]) as Body;
  change(body);
  return body as unknown as CashfreeWebhookDto;
}

const refundWith = (status: string) => example('REFUND_STATUS_WEBHOOK (SUCCESS)', (b) => (b.data.refund!.refund_status = status));

describe('Cashfree webhooks as gateway events', () => {
  it.each([
    ['PAYMENT_SUCCESS_WEBHOOK', 'payment.success', '5114917039291'],
    ['PAYMENT_FAILED_WEBHOOK', 'payment.failed', '5114917039102'],
    ['PAYMENT_USER_DROPPED_WEBHOOK', 'payment.failed', '5114917038877'],
  ] as const)('%s → %s of the order in data.order, checked against order_amount in rupees', (type, event, paymentId) => {
    expect(cashfreeOutcome(example(type))).toEqual({
      payment: { event, order_id: 'ORD-2026-12345', payment_id: paymentId, amount: 2499, currency: 'INR' },
    });
  });

  it("checks the Cashfree order's amount, not what an offer let the customer pay", () => {
    const discounted = example('PAYMENT_SUCCESS_WEBHOOK', (b) => {
      b.data.order!.order_amount = 2;
      b.data.payment!.payment_amount = 1;
    });
    expect(cashfreeOutcome(discounted)).toMatchObject({ payment: { amount: 2 } });
  });

  it('takes cf_payment_id as a number too (webhook version 2023-08-01) and a lower-case currency', () => {
    const older = example('PAYMENT_SUCCESS_WEBHOOK', (b) => {
      b.data.payment!.cf_payment_id = 1107253;
      b.data.order!.order_currency = 'inr';
    });
    expect(cashfreeOutcome(older)).toMatchObject({ payment: { payment_id: '1107253', currency: 'INR' } });
  });

  it.each([
    ['SUCCESS', 'refund.completed'],
    ['PENDING', 'refund.initiated'],
    ['ONHOLD', 'refund.initiated'],
  ])('REFUND_STATUS_WEBHOOK with refund_status %s → %s of data.refund.order_id, for the refunded payment', (status, event) => {
    expect(cashfreeOutcome(refundWith(status))).toEqual({
      payment: { event, order_id: 'ORD-2026-12345', payment_id: '5114917039291', amount: 2499, currency: 'INR' },
    });
  });

  it.each(['CANCELLED', 'FAILED'])('a refund %s at Cashfree has no effect, and the note says what to do', (status) => {
    expect(cashfreeOutcome(refundWith(status))).toEqual({
      noEffect: `refund RFND-ORD-2026-12345-1 ${status} at Cashfree: the order's payment status is left as it is (no transition undoes a refund); refund again or settle it by hand`,
    });
  });

  it('a refund status it does not know has no effect either, naming the ones that act', () => {
    const unknown = example('REFUND_STATUS_WEBHOOK (SUCCESS)', (b) => {
      b.data.refund!.refund_status = 'REVERSED';
      delete b.data.refund!.refund_id;
    });
    expect(cashfreeOutcome(unknown)).toEqual({
      noEffect: 'refund 11325632 has status REVERSED, which moves no payment (SUCCESS, PENDING and ONHOLD do)',
    });
  });

  describe('order id', () => {
    it('is data.order.order_id for payments and data.refund.order_id for refunds', () => {
      expect(cashfreeOrderId(example('PAYMENT_FAILED_WEBHOOK', (b) => (b.data.order!.order_id = 'ORD-7')))).toBe('ORD-7');
      expect(cashfreeOrderId(example('REFUND_STATUS_WEBHOOK (PENDING)', (b) => (b.data.refund!.order_id = 'ORD-8')))).toBe('ORD-8');
    });

    it('a payment without one is refused, telling the merchant to create the Cashfree order with our id', () => {
      for (const unnamed of [
        example('PAYMENT_SUCCESS_WEBHOOK', (b) => delete b.data.order!.order_id),
        example('PAYMENT_SUCCESS_WEBHOOK', (b) => (b.data.order!.order_id = '')),
        example('PAYMENT_SUCCESS_WEBHOOK', (b) => delete b.data.order),
      ]) {
        expect(cashfreeOrderId(unnamed)).toBeUndefined();
        expect(cashfreeProblem(unnamed)).toBe(
          'PAYMENT_SUCCESS_WEBHOOK names no order: create the Cashfree order with order_id set to our order id (it comes back as data.order.order_id)',
        );
      }
    });

    it('a refund without one is refused naming data.refund.order_id', () => {
      expect(cashfreeProblem(example('REFUND_STATUS_WEBHOOK (SUCCESS)', (b) => delete b.data.refund!.order_id))).toBe(
        'REFUND_STATUS_WEBHOOK names no order: data.refund.order_id must be our order id (create the Cashfree order with order_id set to it)',
      );
    });
  });

  it('refuses a payment webhook without data.payment, and a refund webhook without data.refund', () => {
    expect(cashfreeProblem(example('PAYMENT_USER_DROPPED_WEBHOOK', (b) => delete b.data.payment))).toBe(
      'PAYMENT_USER_DROPPED_WEBHOOK carries no data.payment',
    );
    expect(cashfreeProblem(example('REFUND_STATUS_WEBHOOK (SUCCESS)', (b) => delete b.data.refund))).toBe(
      'REFUND_STATUS_WEBHOOK carries no data.refund',
    );
  });

  it('finds no problem in any example of a type it acts on', () => {
    for (const [name, body] of Object.entries(CASHFREE_EXAMPLES)) {
      const type = (body as Body).type;
      expect({ name, acted: isCashfreeEvent(type) }).toEqual({ name, acted: !name.endsWith('(ignored)') });
      if (isCashfreeEvent(type))
        expect({ name, problem: cashfreeProblem(body as CashfreeWebhookDto) }).toEqual({ name, problem: undefined });
    }
    expect([...new Set(Object.values(CASHFREE_EXAMPLES).map((body) => (body as Body).type))].filter(isCashfreeEvent).sort()).toEqual(
      [...CASHFREE_EVENTS].sort(),
    );
  });

  describe('dedupe key without x-idempotency-key', () => {
    it("is the type and Cashfree's payment id, as a JSON array", () => {
      expect(cashfreeEventKey(example('PAYMENT_SUCCESS_WEBHOOK'))).toBe('["PAYMENT_SUCCESS_WEBHOOK","5114917039291"]');
      // The FAILED → SUCCESS of one attempt are two events.
      expect(cashfreeEventKey(example('PAYMENT_FAILED_WEBHOOK', (b) => (b.data.payment!.cf_payment_id = '5114917039291')))).toBe(
        '["PAYMENT_FAILED_WEBHOOK","5114917039291"]',
      );
    });

    it('is the refund id and its status for refunds: PENDING then SUCCESS of one refund are two events', () => {
      expect(cashfreeEventKey(refundWith('PENDING'))).toBe('["REFUND_STATUS_WEBHOOK","11325632","PENDING"]');
      expect(cashfreeEventKey(refundWith('SUCCESS'))).toBe('["REFUND_STATUS_WEBHOOK","11325632","SUCCESS"]');
    });

    it('cannot confuse ids that would join to the same text', () => {
      const a = example('PAYMENT_SUCCESS_WEBHOOK', (b) => (b.data.payment!.cf_payment_id = 'a","b'));
      const b = example('PAYMENT_SUCCESS_WEBHOOK', (body) => (body.data.payment!.cf_payment_id = 'a'));
      expect(JSON.parse(cashfreeEventKey(a))).toEqual(['PAYMENT_SUCCESS_WEBHOOK', 'a","b']);
      expect(cashfreeEventKey(a)).not.toBe(cashfreeEventKey(b));
    });
  });

  describe('validation (as the controller runs it)', () => {
    it('accepts every example of a type it acts on', async () => {
      for (const [name, body] of Object.entries(CASHFREE_EXAMPLES)) {
        if (isCashfreeEvent((body as Body).type))
          await expect(validateWebhookBody(CashfreeWebhookDto, structuredClone(body))).resolves.toBeDefined();
        else expect(name).toMatch(/\(ignored\)$/);
      }
    });

    it.each([
      ['an amount that is not a number', (b: Body) => (b.data.order!.order_amount = '2499'), /order_amount/],
      ['a currency that is not one', (b: Body) => (b.data.order!.order_currency = 'RUPEES'), /order_currency/],
      ['an empty cf_payment_id', (b: Body) => (b.data.payment!.cf_payment_id = ''), /cf_payment_id/],
      ['a fractional cf_payment_id', (b: Body) => (b.data.payment!.cf_payment_id = 1.5), /cf_payment_id/],
    ])('refuses %s with a 400 naming the field', async (_, change, field) => {
      const error = await validateWebhookBody(CashfreeWebhookDto, example('PAYMENT_SUCCESS_WEBHOOK', change)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestException);
      expect(JSON.stringify((error as BadRequestException).getResponse())).toMatch(field);
    });

    it.each([
      ['no data', (b: Body) => delete (b as Partial<Body>).data, /data must be an object/],
      ['a refund that is a list', (b: Body) => (b.data.refund = [] as unknown as Record<string, unknown>), /refund must be an object/],
    ])('refuses %s', async (_, change, message) => {
      const error = await validateWebhookBody(CashfreeWebhookDto, example('REFUND_STATUS_WEBHOOK (SUCCESS)', change)).catch(
        (e: unknown) => e,
      );
      expect(JSON.stringify((error as BadRequestException).getResponse())).toMatch(message);
    });

    it('refuses a refund without its status', async () => {
      const error = await validateWebhookBody(
        CashfreeWebhookDto,
        example('REFUND_STATUS_WEBHOOK (SUCCESS)', (b) => delete b.data.refund!.refund_status),
      ).catch((e: unknown) => e);
      expect(JSON.stringify((error as BadRequestException).getResponse())).toMatch(/refund_status/);
    });
  });
});
