import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NotificationChannel } from '../notifications/notification.entity.js';
import type { OutboxMessage } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry, type TemplateRenderer } from '../notifications/notification-templates.registry.js';
import type { Order } from '../orders/order.entity.js';
import type { ShippingEvent } from './shipping-events.js';

const { Email, Sms, Slack } = NotificationChannel;

/** What a shipping notice renders from. No recipient names or signatures: those stay out of messages. */
export interface ShippingNoticePayload extends Record<string, unknown> {
  orderId: string;
  /** The AWB when it is a safe id (messageSafeId), else null: not shown. */
  awb: string | null;
  city: string | null;
}

const at = (city: string | null) => (city ? ` at ${city}` : '');

/** Short plain-text templates, by name; SMS and Slack ignore the subject. */
export const SHIPPING_TEMPLATES: Record<string, TemplateRenderer<ShippingNoticePayload>> = {
  'shipment.shipped': ({ orderId, awb }) => ({
    text: awb ? `Your order ${orderId} has shipped. Track it with AWB ${awb}.` : `Your order ${orderId} has shipped.`,
  }),
  'shipment.out_for_delivery': ({ orderId }) => ({ text: `Your order ${orderId} is out for delivery today.` }),
  'shipment.delivered': ({ orderId }) => ({
    subject: `Your order ${orderId} has been delivered`,
    text: `Your order ${orderId} has been delivered. Thank you for shopping with us.`,
  }),
  'shipment.delivery_failed': ({ orderId }) => ({
    text: `We could not deliver your order ${orderId} today. The courier will try again.`,
  }),
  'shipment.delivery_failed.ops': ({ orderId, awb, city }) => ({
    text: `Delivery failed for order ${orderId} (AWB ${awb ?? 'not shown: unsafe characters'})${at(city)}. The carrier will re-attempt; check with the customer if it fails again.`,
  }),
};

/** Which notices each applied scan sends, on which channel. in_transit scans are tracked silently. */
const NOTICES: Record<ShippingEvent, Array<{ channel: NotificationChannel; template: string }>> = {
  'shipment.shipped': [{ channel: Sms, template: 'shipment.shipped' }],
  'shipment.in_transit': [],
  'shipment.out_for_delivery': [{ channel: Sms, template: 'shipment.out_for_delivery' }],
  // The seed's send_delivered_mail_and_sms.
  'shipment.delivered': [
    { channel: Email, template: 'shipment.delivered' },
    { channel: Sms, template: 'shipment.delivered' },
  ],
  'shipment.delivery_failed': [
    { channel: Sms, template: 'shipment.delivery_failed' },
    { channel: Slack, template: 'shipment.delivery_failed.ops' },
  ],
};

/** The outbox rows an applied scan writes; a customer channel without an address is left out by the outbox. */
export function shippingNotices(
  event: ShippingEvent,
  order: Pick<Order, 'customerEmail' | 'customerPhone'>,
  payload: ShippingNoticePayload,
): Array<Omit<OutboxMessage, 'sourceKey'>> {
  const recipients: Record<NotificationChannel, string | null> = {
    [Email]: order.customerEmail,
    [Sms]: order.customerPhone,
    [Slack]: null,
  };
  return NOTICES[event].map(({ channel, template }) => ({ channel, template, recipient: recipients[channel], payload }));
}

/** Registers the shipping templates with the notifications module. */
@Injectable()
export class ShippingNotificationTemplates implements OnModuleInit {
  constructor(private readonly templates: NotificationTemplateRegistry) {}

  onModuleInit(): void {
    for (const [name, render] of Object.entries(SHIPPING_TEMPLATES)) this.templates.register(name, render);
  }
}
