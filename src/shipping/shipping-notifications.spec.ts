import { SHIPPING_EVENTS } from './shipping-events.js';
import { SHIPPING_TEMPLATES, shippingNotices } from './shipping-notifications.js';

const customer = { customerEmail: 'john.doe@example.com', customerPhone: '+919876543210' };
const payload = { orderId: 'ORD-2026-12345', awb: 'AWB123456789', city: 'Mumbai' };

describe('shippingNotices', () => {
  it.each([
    ['shipment.shipped', [['sms', 'shipment.shipped', '+919876543210']]],
    ['shipment.in_transit', []],
    ['shipment.out_for_delivery', [['sms', 'shipment.out_for_delivery', '+919876543210']]],
    [
      'shipment.delivered',
      [
        ['email', 'shipment.delivered', 'john.doe@example.com'],
        ['sms', 'shipment.delivered', '+919876543210'],
      ],
    ],
    [
      'shipment.delivery_failed',
      [
        ['sms', 'shipment.delivery_failed', '+919876543210'],
        ['slack', 'shipment.delivery_failed.ops', null],
      ],
    ],
  ] as const)('%s → %j', (event, expected) => {
    const notices = shippingNotices(event, customer, payload);
    expect(notices.map(({ channel, template, recipient }) => [channel, template, recipient])).toEqual(expected);
    expect(notices.every((notice) => notice.payload === payload)).toBe(true);
  });

  it('covers every event type, and every template it names is registered', () => {
    const templates = SHIPPING_EVENTS.flatMap((event) => shippingNotices(event, customer, payload).map((notice) => notice.template));
    expect(templates.filter((template) => !(template in SHIPPING_TEMPLATES))).toEqual([]);
  });
});

describe('SHIPPING_TEMPLATES', () => {
  it.each(Object.keys(SHIPPING_TEMPLATES))('%s renders short plain text naming the order', async (template) => {
    const { text } = await SHIPPING_TEMPLATES[template](payload);
    expect(text).toContain('ORD-2026-12345');
    expect(text.length).toBeLessThanOrEqual(160);
  });

  it('gives the delivered e-mail a subject', async () => {
    expect((await SHIPPING_TEMPLATES['shipment.delivered'](payload)).subject).toBe('Your order ORD-2026-12345 has been delivered');
  });
});
