import { Injectable } from '@nestjs/common';
import { OrdersRepository } from '../orders/orders.repository.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { applied, noEffect, type WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { PaymentWebhookDto } from './dto/payment-webhook.dto.js';
import { PAYMENT_EVENTS, PAYMENT_PROVIDER } from './payment-events.js';
import { PaymentNotifications } from './payment-notifications.js';
import { paymentTransition } from './payment-transitions.js';

/** Applies the gateway's events to the order's payment status through the transition table. */
@Injectable()
export class PaymentWebhookHandler {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly notifications: PaymentNotifications,
  ) {}

  @OnWebhook(PAYMENT_PROVIDER, ...PAYMENT_EVENTS)
  async apply(context: WebhookHandlerContext<PaymentWebhookDto>) {
    const { event, manager } = context;
    const payment = event.payload;
    const order = await this.orders.lockForUpdate(manager, payment.order_id);
    const mismatch = this.amountMismatch(payment, order);
    if (mismatch) return noEffect(mismatch);
    const transition = paymentTransition(order.paymentStatus, payment.event);
    if (!transition.allowed) return noEffect(transition.reason);
    const from = order.paymentStatus;
    order.paymentStatus = transition.to;
    order.paymentId = payment.payment_id ?? order.paymentId;
    await this.orders.save(manager, order);
    await this.notifications.emailCustomer(context, order, payment.event, payment);
    return applied(`payment ${from} → ${transition.to}`);
  }

  /** A capture that does not match the order is not proof of payment for it. */
  private amountMismatch(payment: PaymentWebhookDto, order: { amount: number; currency: string }): string | undefined {
    if (payment.event !== 'payment.success') return undefined;
    if (payment.amount !== undefined && Math.abs(payment.amount - order.amount) >= 0.005) {
      return `amount ${payment.amount} does not match order amount ${order.amount}`;
    }
    if (payment.currency !== undefined && payment.currency.toUpperCase() !== order.currency) {
      return `currency ${payment.currency} does not match order currency ${order.currency}`;
    }
    return undefined;
  }
}
