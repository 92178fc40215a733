export const SHOPIFY_PROVIDER = 'shopify';

/** The topics (header X-Shopify-Topic) the service acts on; any other topic is recorded and ignored. */
export const SHOPIFY_TOPICS = ['orders/paid', 'refunds/create'] as const;
export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number];

export function isShopifyTopic(topic: unknown): topic is ShopifyTopic {
  return typeof topic === 'string' && (SHOPIFY_TOPICS as readonly string[]).includes(topic);
}

const ORDER_ID = 5_871_493_333_183;
const CUSTOMER = { id: 7_010_473_820_351, email: 'john.doe@example.com', first_name: 'John', last_name: 'Doe', phone: '+919876543210' };
const SHIPPING_ADDRESS = {
  first_name: 'John',
  last_name: 'Doe',
  address1: '12 Marine Drive',
  city: 'Mumbai',
  province: 'Maharashtra',
  zip: '400001',
  country_code: 'IN',
};

const order = (financialStatus: string, updatedAt: string) => ({
  id: ORDER_ID,
  admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}`,
  name: '#1042',
  order_number: 1042,
  email: CUSTOMER.email,
  created_at: '2026-03-08T15:58:41+05:30',
  updated_at: updatedAt,
  processed_at: '2026-03-08T15:58:41+05:30',
  currency: 'INR',
  presentment_currency: 'INR',
  subtotal_price: '2117.80',
  total_tax: '381.20',
  total_discounts: '0.00',
  total_price: '2499.00',
  financial_status: financialStatus,
  fulfillment_status: null,
  gateway: 'razorpay',
  payment_gateway_names: ['razorpay'],
  test: false,
  line_items: [
    {
      id: 14_912_345_678_911,
      title: 'Cotton Kurta',
      sku: 'KURTA-M-BLUE',
      quantity: 1,
      price: '2499.00',
      taxable: true,
      requires_shipping: true,
    },
  ],
  customer: CUSTOMER,
  shipping_address: SHIPPING_ADDRESS,
});

const REFUND_ID = 929_361_465_535;

/** Shopify's webhook bodies (the topic is in X-Shopify-Topic, amounts are decimal strings in major units), one per topic acted on, plus one ignored. */
export const SHOPIFY_EXAMPLES: Record<string, object> = {
  'orders/paid': order('paid', '2026-03-08T16:00:12+05:30'),
  'refunds/create': {
    id: REFUND_ID,
    admin_graphql_api_id: `gid://shopify/Refund/${REFUND_ID}`,
    order_id: ORDER_ID,
    created_at: '2026-03-10T11:20:05+05:30',
    processed_at: '2026-03-10T11:20:05+05:30',
    note: 'Damaged in transit',
    restock: true,
    refund_line_items: [
      { id: 1_233_344_555, line_item_id: 14_912_345_678_911, quantity: 1, restock_type: 'return', subtotal: 2117.8, total_tax: 381.2 },
    ],
    transactions: [
      {
        id: 6_789_012_345_678,
        admin_graphql_api_id: 'gid://shopify/OrderTransaction/6789012345678',
        order_id: ORDER_ID,
        kind: 'refund',
        gateway: 'razorpay',
        status: 'success',
        message: 'Refund processed',
        created_at: '2026-03-10T11:20:05+05:30',
        test: false,
        parent_id: 6_789_012_000_001,
        amount: '2499.00',
        currency: 'INR',
      },
    ],
    order_adjustments: [],
  },
  'orders/create (ignored)': order('pending', '2026-03-08T15:58:42+05:30'),
};
