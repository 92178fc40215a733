import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry, type RenderedMessage } from '../notifications/notification-templates.registry.js';
import type { Order } from '../orders/order.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { PaymentEvent } from './payment-events.js';

/** What a payment e-mail is rendered from: no payment details beyond the amount. */
interface PaymentNotice {
  orderId: string;
  amount: number;
  currency: string;
}

/** The Slack alert to ops about a payment confirmation that does not match its order. */
export const PAYMENT_MISMATCH_TEMPLATE = 'ops.payment_mismatch';

interface PaymentMismatchAlert {
  eventId: string;
  provider: string;
  orderId: string;
  reason: string;
}

const money = (notice: PaymentNotice) => `${notice.currency} ${Number(notice.amount).toFixed(2)}`;

/** The e-mail each applied gateway event sends the customer, by template name. */
const PAYMENT_EMAILS: Record<PaymentEvent, { template: string; render: (notice: PaymentNotice) => RenderedMessage }> = {
  'payment.success': {
    template: 'payment.confirmed',
    render: (n) => ({
      subject: `Payment received for order ${n.orderId}`,
      text: `We have received your payment of ${money(n)} for order ${n.orderId}. Thank you!`,
    }),
  },
  'payment.failed': {
    template: 'payment.failed',
    render: (n) => ({
      subject: `Payment failed for order ${n.orderId}`,
      text: `Your payment of ${money(n)} for order ${n.orderId} did not go through. Nothing was charged; you can try again.`,
    }),
  },
  'refund.initiated': {
    template: 'payment.refund_initiated',
    render: (n) => ({
      subject: `Refund started for order ${n.orderId}`,
      text: `We have started a refund of ${money(n)} for order ${n.orderId}. We will write again when it is complete.`,
    }),
  },
  'refund.completed': {
    template: 'payment.refund_completed',
    render: (n) => ({
      subject: `Refund completed for order ${n.orderId}`,
      text: `Your refund of ${money(n)} for order ${n.orderId} is complete. It may take a few days to show in your account.`,
    }),
  },
};

/** The customer e-mails of the payments domain: templates, and the outbox rows of applied events. */
@Injectable()
export class PaymentNotifications implements OnModuleInit {
  constructor(
    private readonly templates: NotificationTemplateRegistry,
    private readonly outbox: NotificationOutboxService,
  ) {}

  onModuleInit(): void {
    for (const { template, render } of Object.values(PAYMENT_EMAILS)) {
      this.templates.register(template, (payload) => render(payload as unknown as PaymentNotice));
    }
    this.templates.register<PaymentMismatchAlert>(PAYMENT_MISMATCH_TEMPLATE, (p) => ({
      text:
        `Payment confirmation for order ${p.orderId} (${p.provider} event ${p.eventId}) was not applied: ${p.reason}. ` +
        'The order stays as it was; check the payment with the provider.',
    }));
  }

  /**
   * In the event's transaction: tells ops that a payment confirmation did not
   * match its order. Keyed by the event, so a replay alerts no second time.
   */
  alertMismatch(context: WebhookHandlerContext<object>, orderId: string, reason: string): Promise<void> {
    const { id, provider } = context.event;
    return this.outbox.addForEvent(context, [
      {
        channel: NotificationChannel.Slack,
        template: PAYMENT_MISMATCH_TEMPLATE,
        payload: { eventId: id, provider, orderId, reason } satisfies PaymentMismatchAlert,
      },
    ]);
  }

  /**
   * In the event's transaction: tells the customer what the applied event did
   * to their payment. `event` is the gateway event the change amounts to (the
   * storefront's PAID is a payment.success); amount and currency are the
   * provider's, else the order's.
   */
  emailCustomer(
    context: WebhookHandlerContext<object>,
    order: Order,
    event: PaymentEvent,
    payment: { amount?: number; currency?: string } = {},
  ): Promise<void> {
    const notice: PaymentNotice = {
      orderId: order.id,
      amount: payment.amount ?? order.amount,
      currency: (payment.currency ?? order.currency).toUpperCase(),
    };
    return this.outbox.addForEvent(context, [
      {
        channel: NotificationChannel.Email,
        template: PAYMENT_EMAILS[event].template,
        recipient: order.customerEmail,
        payload: { ...notice },
      },
    ]);
  }
}
