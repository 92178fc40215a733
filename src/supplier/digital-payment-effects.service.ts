import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import { SupplierOrderPlacementService } from './supplier-order-placement.service.js';

export const REFUND_OF_DELIVERED_CODES_TEMPLATE = 'ops.refund_of_delivered_codes';

interface RefundOfDeliveredCodesAlert {
  orderId: string;
  paymentStatus: string;
  refundedAmount: number;
  amount: number;
  currency: string;
}

const REFUNDED = new Set<PaymentStatus>([PaymentStatus.Refunded, PaymentStatus.PartiallyRefunded]);

/**
 * What a digital order's payment change sets in motion on the supplier side,
 * in the payment's transaction: paid, it is placed with the supplier; a
 * completed refund after its codes were delivered alerts ops, as the codes
 * may have been used and no one takes them back by themselves.
 */
@Injectable()
export class DigitalPaymentEffectsService implements OnModuleInit {
  constructor(
    private readonly placement: SupplierOrderPlacementService,
    private readonly outbox: NotificationOutboxService,
    private readonly templates: NotificationTemplateRegistry,
  ) {}

  onModuleInit(): void {
    this.templates.register<RefundOfDeliveredCodesAlert>(REFUND_OF_DELIVERED_CODES_TEMPLATE, (p) => ({
      text:
        `Digital order ${p.orderId} was refunded (${p.refundedAmount} of ${p.amount} ${p.currency}, payment ${p.paymentStatus}) ` +
        `after its codes were delivered: they may have been used. Check with the supplier whether they were redeemed, and void them if not.`,
    }));
  }

  /** Called by the payment handlers after they saved the order's new payment status; any other change does nothing. */
  async paymentChanged(context: WebhookHandlerContext<object>, order: Order): Promise<void> {
    if (order.kind !== OrderKind.Digital) return;
    if (order.paymentStatus === PaymentStatus.Paid) return this.placement.request(context, order);
    if (REFUNDED.has(order.paymentStatus) && order.fulfillmentStatus === FulfillmentStatus.Delivered) {
      await this.outbox.addForEvent(context, [
        {
          channel: NotificationChannel.Slack,
          template: REFUND_OF_DELIVERED_CODES_TEMPLATE,
          payload: {
            orderId: order.id,
            paymentStatus: order.paymentStatus,
            refundedAmount: order.refundedAmount,
            amount: order.amount,
            currency: order.currency,
          } satisfies RefundOfDeliveredCodesAlert,
        },
      ]);
    }
  }
}
