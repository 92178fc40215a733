export const SUPPLIER_PROVIDER = 'supplier';

export const SUPPLIER_ORDER_EVENTS = ['order.created', 'order.fulfilled', 'order.failed', 'order.refunded'] as const;
export type SupplierOrderEvent = (typeof SUPPLIER_ORDER_EVENTS)[number];

export const SUPPLIER_EVENTS = [...SUPPLIER_ORDER_EVENTS, 'balance.low'] as const;
export type SupplierEvent = (typeof SUPPLIER_EVENTS)[number];

const orderEvent = (event: SupplierOrderEvent, status: string, items: object[] = []) => ({
  event,
  timestamp: '2026-05-01T14:23:11Z',
  data: { order_id: 'SUP-99887', reference: 'ORD-12345', status, items },
});

/** The supplier's envelope (seed: "Webhooks for Digital Goods Orders"), one example per event type. */
export const SUPPLIER_EXAMPLES: Record<SupplierEvent, object> = {
  'order.created': orderEvent('order.created', 'pending', [{ sku: 'steam-20-usd', code: null, pin: null }]),
  'order.fulfilled': {
    ...orderEvent('order.fulfilled', 'fulfilled', [{ sku: 'steam-20-usd', code: 'XXXXX-YYYYY-ZZZZZ', pin: null }]),
    signature: 'sha256=abc123...',
  },
  'order.failed': orderEvent('order.failed', 'failed'),
  'order.refunded': orderEvent('order.refunded', 'refunded'),
  'balance.low': {
    event: 'balance.low',
    timestamp: '2026-05-01T15:00:00Z',
    data: { order_id: null, reference: null, status: 'low', balance: 120.5, threshold: 500, currency: 'USD' },
  },
};
