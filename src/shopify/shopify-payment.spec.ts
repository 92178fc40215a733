import type { ShopifyOrderDto, ShopifyRefundDto } from './dto/shopify-webhook.dto.js';
import { SHOPIFY_EXAMPLES } from './shopify-events.js';
import {
  shopifyOrderId,
  shopifyPaidOrder,
  shopifyProblem,
  shopifyReference,
  shopifyRefund,
  shopifyRefundOrderId,
} from './shopify-payment.js';

const paidOrder = (extra: Partial<ShopifyOrderDto> = {}) =>
  ({ ...structuredClone(SHOPIFY_EXAMPLES['orders/paid']), ...extra }) as ShopifyOrderDto;
const refund = (extra: Partial<ShopifyRefundDto> = {}) =>
  ({ ...structuredClone(SHOPIFY_EXAMPLES['refunds/create']), ...extra }) as ShopifyRefundDto;
const transaction = (status: string, amount: string, extra: object = {}) => ({ kind: 'refund', status, amount, currency: 'INR', ...extra });

/** A Shopify id past 2^53, as Shopify's own test notifications carry: JSON.parse keeps only the nearest double. */
const UNSAFE_ID = JSON.parse('820982911946154508') as number;

describe('Shopify orders/paid → the storefront PAID', () => {
  it('confirms the payment of our order named by the Shopify order id, held to total_price and currency', () => {
    expect(shopifyPaidOrder(paidOrder())).toEqual({
      orderId: '5871493333183',
      updatedAt: '2026-03-08T16:00:12+05:30',
      amount: 2499,
      currency: 'INR',
    });
  });

  it('reads total_price as major units and upper-cases the currency', () => {
    expect(shopifyPaidOrder(paidOrder({ total_price: '20.5', currency: 'usd' }))).toMatchObject({ amount: 20.5, currency: 'USD' });
  });

  it('completes a digital order at the receipt time when Shopify sends no updated_at', () => {
    const { updated_at: _updatedAt, ...order } = paidOrder();
    expect(shopifyPaidOrder(order as ShopifyOrderDto).updatedAt).toBeUndefined();
  });

  it('takes the exact id from admin_graphql_api_id, even past 2^53', () => {
    expect(String(UNSAFE_ID)).toBe('820982911946154500'); // the digits JSON.parse lost
    expect(shopifyOrderId({ id: UNSAFE_ID, admin_graphql_api_id: 'gid://shopify/Order/820982911946154508' })).toBe('820982911946154508');
    expect(
      shopifyProblem('orders/paid', paidOrder({ id: UNSAFE_ID, admin_graphql_api_id: 'gid://shopify/Order/820982911946154508' })),
    ).toBeUndefined();
  });

  it('falls back on id while it is a safe integer', () => {
    expect(shopifyOrderId({ id: 5871493333183 })).toBe('5871493333183');
    expect(shopifyOrderId({ id: 5871493333183, admin_graphql_api_id: 'gid://shopify/Customer/1' })).toBe('5871493333183');
  });

  it('refuses an id past 2^53 without the gid: its digits are lost', () => {
    const order = paidOrder({ id: UNSAFE_ID, admin_graphql_api_id: undefined });
    expect(shopifyOrderId(order)).toBeUndefined();
    expect(shopifyProblem('orders/paid', order)).toMatch(/^orders\/paid: id 820982911946154500 is past what a JSON number holds exactly/);
  });

  it('names our order as the event reference', () => {
    expect(shopifyReference('orders/paid', paidOrder())).toBe('5871493333183');
  });
});

describe('Shopify refunds/create → refund completed', () => {
  it('is the gateway refund.completed of the order it refunds, for the sum of its successful refund transactions', () => {
    expect(shopifyRefund(refund())).toEqual({ event: 'refund.completed', order_id: '5871493333183', amount: 2499, currency: 'INR' });
    expect(shopifyReference('refunds/create', refund())).toBe('5871493333183');
  });

  it('counts only refund transactions that succeeded, summed without float noise', () => {
    const partial = refund({
      transactions: [
        transaction('success', '0.10'),
        transaction('success', '0.20'),
        transaction('pending', '100.00'),
        transaction('failure', '100.00'),
        transaction('success', '100.00', { kind: 'void' }),
      ],
    });
    expect(shopifyRefund(partial)).toMatchObject({ amount: 0.3, currency: 'INR' });
  });

  it('moves no money without a successful refund transaction (a restock only, or still pending)', () => {
    expect(shopifyRefund(refund({ transactions: [] }))).toBeUndefined();
    expect(shopifyRefund(refund({ transactions: [transaction('pending', '2499.00')] }))).toBeUndefined();
    expect(shopifyProblem('refunds/create', refund({ transactions: [] }))).toBeUndefined();
  });

  it('refuses an order_id past 2^53 (a refund carries no order gid) and successful transactions in several currencies', () => {
    expect(shopifyRefundOrderId(refund({ order_id: UNSAFE_ID }))).toBeUndefined();
    expect(shopifyProblem('refunds/create', refund({ order_id: UNSAFE_ID }))).toMatch(
      /^refunds\/create: order_id 820982911946154500 is past what a JSON number holds exactly/,
    );
    const mixed = refund({ transactions: [transaction('success', '10.00'), transaction('success', '1.00', { currency: 'usd' })] });
    expect(shopifyProblem('refunds/create', mixed)).toBe(
      'refunds/create: the successful refund transactions are in several currencies (INR, USD)',
    );
  });
});
