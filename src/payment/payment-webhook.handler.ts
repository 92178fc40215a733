import { Injectable } from '@nestjs/common';
import { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import type { Order } from '../orders/order.entity.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { DigitalPaymentEffectsService } from '../supplier/digital-payment-effects.service.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { applied, type HandlerResult, noEffect, type WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { PaymentWebhookDto } from './dto/payment-webhook.dto.js';
import { amountMismatch, HALF_CENT, toCents } from './payment-amount.js';
import { PAYMENT_EVENTS, PAYMENT_PROVIDER, type PaymentEvent } from './payment-events.js';
import { paymentIntegrationEvent } from './payment-integration-events.js';
import { PaymentNotifications } from './payment-notifications.js';
import { type PaymentChange, paymentTransition } from './payment-transitions.js';

/** What any gateway's event comes to: our order, the payment event, and the payment's own figures in major units. */
export type GatewayPayment = Pick<PaymentWebhookDto, 'event' | 'order_id' | 'payment_id' | 'amount' | 'currency'> & {
  /**
   * For a refund: `amount` is everything refunded on the payment so far (Stripe's
   * amount_refunded), not this refund's own; what it adds is the part over what
   * the order has recorded as refunded.
   */
  refundedTotal?: boolean;
};

/**
 * What a native gateway's event comes to: a payment to apply, or the reason
 * it changes nothing though it is of a type the service acts on (a refund
 * Cashfree cancelled, a Stripe Checkout Session not paid yet).
 */
export type GatewayOutcome = { payment: GatewayPayment } | { noEffect: string };

/**
 * The gateway's `status` words that agree with its event; a payment.success
 * or refund.completed whose status says otherwise ("failed", "pending")
 * applies nothing. Events not listed take any status.
 */
const AGREEING_STATUSES: Partial<Record<PaymentEvent, readonly string[]>> = {
  'payment.success': ['captured', 'paid', 'success', 'succeeded', 'completed'],
  'refund.completed': ['processed', 'completed', 'success', 'succeeded', 'refunded'],
};

/**
 * Applies the gateway's events to the order's payment status through the
 * transition table. Native gateways (Razorpay, Cashfree, Stripe, Shopify's
 * refunds) map their events onto the same path with applyPayment.
 */
@Injectable()
export class PaymentWebhookHandler {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly notifications: PaymentNotifications,
    private readonly integrationEvents: IntegrationEventsService,
    private readonly digitalGoods: DigitalPaymentEffectsService,
  ) {}

  @OnWebhook(PAYMENT_PROVIDER, ...PAYMENT_EVENTS)
  apply(context: WebhookHandlerContext<PaymentWebhookDto>): Promise<HandlerResult> {
    const payload = context.event.payload;
    const agreeing = AGREEING_STATUSES[payload.event];
    if (agreeing && payload.status !== undefined && !agreeing.includes(payload.status.toLowerCase())) {
      return Promise.resolve(noEffect(`${payload.event} with status ${payload.status} confirms nothing (${agreeing.join(', ')} do)`));
    }
    return this.applyPayment(context, payload);
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
    if (payment.event === 'payment.success') {
      const mismatch = amountMismatch(payment, order);
      if (mismatch) {
        await this.notifications.alertMismatch(context, order.id, mismatch);
        return noEffect(mismatch);
      }
    }
    const notMine = isRefund(payment.event) ? refundOfAnotherPayment(payment, order) : undefined;
    if (notMine) return noEffect(notMine);

    let change: PaymentChange = payment.event;
    let refund: { amount: number; total: number } | undefined;
    if (payment.event === 'refund.completed') {
      const counted = countRefund(payment, order);
      if ('noEffect' in counted) return noEffect(counted.noEffect);
      refund = counted;
      if (refund.total < order.amount - HALF_CENT) change = 'refund.partial';
    }
    const transition = paymentTransition(order.paymentStatus, change);
    if (!transition.allowed) return noEffect(transition.reason);

    const from = order.paymentStatus;
    order.paymentStatus = transition.to;
    if (refund) order.refundedAmount = refund.total;
    // A refund's payment id names the payment refunded: the order keeps its own.
    if (payment.event === 'payment.success' || payment.event === 'payment.failed') order.paymentId = payment.payment_id ?? order.paymentId;
    await this.orders.savePayment(manager, order);
    const figures = refund ? { amount: refund.amount, currency: order.currency } : payment;
    await this.notifications.emailCustomer(context, order, payment.event, figures);
    await this.integrationEvents.record(context, paymentIntegrationEvent(order, payment.event, figures));
    await this.digitalGoods.paymentChanged(context, order);
    const refunded = refund ? `; refunded ${refund.total} of ${order.amount} ${order.currency}` : '';
    return applied(`payment ${from} → ${transition.to}${refunded}`);
  }
}

const isRefund = (event: PaymentEvent) => event === 'refund.initiated' || event === 'refund.completed';

/** Why a refund is not one of this order's captured payment, if it is not: another payment's, or in another currency. */
function refundOfAnotherPayment(payment: GatewayPayment, order: Order): string | undefined {
  if (payment.payment_id !== undefined && order.paymentId !== null && payment.payment_id !== order.paymentId) {
    return `${payment.event} for payment ${payment.payment_id}, not the order's payment ${order.paymentId}`;
  }
  if (payment.currency !== undefined && payment.currency.toUpperCase() !== order.currency) {
    return `${payment.event} in ${payment.currency.toUpperCase()}, not the order's currency ${order.currency}`;
  }
  return undefined;
}

/** What a completed refund gives back, and the order's refunds with it; or why it counts for nothing. */
function countRefund(payment: GatewayPayment, order: Order): { amount: number; total: number } | { noEffect: string } {
  if (payment.amount === undefined || payment.currency === undefined) {
    return { noEffect: 'refund.completed must state its amount and currency' };
  }
  const before = order.refundedAmount;
  const amount = toCents(payment.refundedTotal ? payment.amount - before : payment.amount);
  if (payment.refundedTotal && amount < HALF_CENT) {
    return { noEffect: `refunds of ${payment.amount} ${order.currency} in all are recorded already (${before})` };
  }
  if (amount < HALF_CENT) return { noEffect: `refund of ${payment.amount} ${order.currency} gives nothing back` };
  const total = toCents(before + amount);
  if (total > order.amount + HALF_CENT) {
    return {
      noEffect: `refund of ${amount} ${order.currency} would bring refunds to ${total}, over the ${order.amount} paid (${before} refunded before)`,
    };
  }
  return { amount, total };
}
