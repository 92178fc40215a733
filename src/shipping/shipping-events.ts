import { FulfillmentStatus } from '../orders/order.entity.js';

export const SHIPPING_PROVIDER = 'shipping';

export const SHIPPING_EVENTS = [
  'shipment.shipped',
  'shipment.in_transit',
  'shipment.out_for_delivery',
  'shipment.delivered',
  'shipment.delivery_failed',
] as const;
export type ShippingEvent = (typeof SHIPPING_EVENTS)[number];

/** The fulfilment status each carrier scan reports. */
export const SCAN_STATUS: Record<ShippingEvent, FulfillmentStatus> = {
  'shipment.shipped': FulfillmentStatus.Shipped,
  'shipment.in_transit': FulfillmentStatus.InTransit,
  'shipment.out_for_delivery': FulfillmentStatus.OutForDelivery,
  'shipment.delivered': FulfillmentStatus.Delivered,
  'shipment.delivery_failed': FulfillmentStatus.DeliveryFailed,
};

const MUMBAI = { city: 'Mumbai', state: 'Maharashtra', pincode: '400001' };

/** The partner's example payloads (seed: "Shipping Status Webhook"), one per event type. */
export const SHIPPING_EXAMPLES: Record<ShippingEvent, object> = {
  'shipment.shipped': {
    event: 'shipment.shipped',
    order_id: 'ORD-2026-12345',
    awb: 'AWB123456789',
    status: 'shipped',
    timestamp: '2026-03-07T09:00:00Z',
    location: { city: 'Bhiwandi', state: 'Maharashtra', pincode: '421302' },
  },
  'shipment.in_transit': {
    event: 'shipment.in_transit',
    order_id: 'ORD-2026-12345',
    awb: 'AWB123456789',
    status: 'in_transit',
    timestamp: '2026-03-07T21:30:00Z',
    location: { city: 'Thane', state: 'Maharashtra', pincode: '400601' },
  },
  'shipment.out_for_delivery': {
    event: 'shipment.out_for_delivery',
    order_id: 'ORD-2026-12345',
    awb: 'AWB123456789',
    status: 'out_for_delivery',
    timestamp: '2026-03-08T08:15:00Z',
    location: MUMBAI,
  },
  'shipment.delivered': {
    event: 'shipment.delivered',
    order_id: 'ORD-2026-12345',
    awb: 'AWB123456789',
    status: 'delivered',
    delivered_at: '2026-03-08T15:45:00Z',
    location: MUMBAI,
    recipient: 'John Doe',
    signature_url: 'https://cdn.example.com/signatures/xyz.jpg',
  },
  'shipment.delivery_failed': {
    event: 'shipment.delivery_failed',
    order_id: 'ORD-2026-12345',
    awb: 'AWB123456789',
    status: 'delivery_failed',
    timestamp: '2026-03-08T13:20:00Z',
    location: MUMBAI,
  },
};
