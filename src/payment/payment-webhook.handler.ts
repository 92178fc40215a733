import { Injectable } from '@nestjs/common';
import { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { applied, type HandlerResult, noEffect, type WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { PaymentWebhookDto } from './dto/payment-webhook.dto.js';
import { amountMismatch } from './payment-amount.js';
import { PAYMENT_EVENTS, PAYMENT_PROVIDER } from './payment-events.js';
import { paymentIntegrationEvent } from './payment-integration-events.js';
import { PaymentNotifications } from './payment-notifications.js';
import { paymentTransition } from './payment-transitions.js';

/** What any gateway's event comes to: our order, the payment event, and the payment's own figures in major units. */
export type GatewayPayment = Pick<PaymentWebhookDto, 'event' | 'order_id' | 'payment_id' | 'amount' | 'currency'>;

/**
 * What a native gateway's event comes to: a payment to apply, or the reason
 * it changes nothing though it is of a type the service acts on (a refund
 * Cashfree cancelled, a Stripe Checkout Session not paid yet).
 */
export type GatewayOutcome = { payment: GatewayPayment } | { noEffect: string };

/**
 * Applies the gateway's events to the order's payment status through the
 * transition table. Native gateways (Razorpay, Cashfree, Stripe) map their
 * events onto the same path with applyPayment.
 */
@Injectable()
export class PaymentWebhookHandler {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly notifications: PaymentNotifications,
    private readonly integrationEvents: IntegrationEventsService,
  ) {}

  @OnWebhook(PAYMENT_PROVIDER, ...PAYMENT_EVENTS)
  apply(context: WebhookHandlerContext<PaymentWebhookDto>): Promise<HandlerResult> {
    return this.applyPayment(context, context.event.payload);
  }

  /** Applies what a native gateway's event comes to: its payment, else no effect, recorded with the reason. */
  async applyGatewayOutcome(context: WebhookHandlerContext<object>, outcome: GatewayOutcome): Promise<HandlerResult> {
    if ('noEffect' in outcome) return noEffect(outcome.noEffect);
    return this.applyPayment(context, outcome.payment);
  }

  /** In the event's transaction: moves the order's payment as the gateway event says, if the table and the amounts allow. */
  async applyPayment(context: WebhookHandlerContext<object>, payment: GatewayPayment): Promise<HandlerResult> {
    const { manager } = context;
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
    await this.integrationEvents.record(context, paymentIntegrationEvent(order, payment.event, payment));
    return applied(`payment ${from} → ${transition.to}`);
  }

  /** A capture that does not match the order is not proof of payment for it. */
  private amountMismatch(payment: GatewayPayment, order: { amount: number; currency: string }): string | undefined {
    return payment.event === 'payment.success' ? amountMismatch(payment, order) : undefined;
  }
}
