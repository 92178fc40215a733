import { Injectable, type OnModuleInit } from '@nestjs/common';
import { nextDigitalFulfillment } from '../digital-goods/digital-goods-transitions.js';
import { FulfillmentStatus, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { paymentTransition } from '../payments/payment-transitions.js';
import {
  applied,
  type HandlerResult,
  noEffect,
  type WebhookHandlerContext,
  WebhookHandlerRegistry,
} from '../webhooks/webhook-handler.registry.js';
import type { OrderPaymentWebhookDto } from './dto/order-payment-webhook.dto.js';
import { ORDER_PAYMENT_PROVIDER, PAID } from './order-payment-events.js';

/**
 * The storefront's order payment: PAID marks the payment paid (through the
 * payment transition table, as a gateway's success would) and delivers a
 * digital order; any other status confirms nothing and is recorded so.
 */
@Injectable()
export class OrderPaymentWebhookHandlers implements OnModuleInit {
  constructor(
    private readonly registry: WebhookHandlerRegistry,
    private readonly orders: OrdersRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register<OrderPaymentWebhookDto>(ORDER_PAYMENT_PROVIDER, { 'order.payment': (context) => this.apply(context) });
  }

  private async apply({ event, manager }: WebhookHandlerContext<OrderPaymentWebhookDto>): Promise<HandlerResult> {
    const { id, orderPayment } = event.payload;
    if (orderPayment.status !== PAID) return noEffect(`orderPayment.status ${orderPayment.status} confirms no payment`);
    const order = await this.orders.lockForUpdate(manager, id);
    const changes: string[] = [];

    const payment = paymentTransition(order.paymentStatus, 'payment.success');
    // A PAID after a refund (or one started) is stale: it delivers nothing either.
    if (!payment.allowed && order.paymentStatus !== PaymentStatus.Paid) return noEffect(payment.reason);
    if (payment.allowed) {
      changes.push(`payment ${order.paymentStatus} → ${PaymentStatus.Paid}`);
      order.paymentStatus = payment.to;
      order.paymentId = orderPayment.paymentId ?? order.paymentId;
    }
    if (order.kind === OrderKind.Digital) {
      const fulfillment = nextDigitalFulfillment(order.fulfillmentStatus, FulfillmentStatus.Delivered);
      if (fulfillment !== order.fulfillmentStatus) changes.push(`fulfilment ${order.fulfillmentStatus} → ${fulfillment}`);
      order.fulfillmentStatus = fulfillment;
    }
    if (changes.length === 0) {
      return noEffect(`payment already paid; fulfilment stays ${order.fulfillmentStatus}`);
    }
    await this.orders.save(manager, order);
    return applied(changes.join('; '));
  }
}
