import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { orderEventData } from '../integration-events/order-event-data.js';
import { DigitalPaymentEffectsService } from '../supplier/digital-payment-effects.service.js';
import { nextDigitalFulfillment } from '../supplier/digital-goods-transitions.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { amountMismatch } from '../payment/payment-amount.js';
import { PaymentNotifications } from '../payment/payment-notifications.js';
import { paymentIntegrationEvent } from '../payment/payment-integration-events.js';
import { paymentTransition } from '../payment/payment-transitions.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { applied, type HandlerResult, noEffect, type WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { OrderPaymentWebhookDto } from './dto/order-payment-webhook.dto.js';
import { ORDER_PAYMENT_PROVIDER, PAID } from './order-payment-events.js';

/**
 * What confirms an order's payment, whoever reports it: the storefront's own
 * PAID, or a native storefront's paid order (Shopify's orders/paid).
 */
export interface PaymentConfirmation {
  /** Our order id. */
  orderId: string;
  /** Becomes the order's payment id; without it the order keeps its own. */
  paymentId?: string;
  /** When the storefront last changed the order (ISO 8601): a digital order is completed at it, else when the event was received. */
  updatedAt?: string;
  /**
   * The storefront's figures, in major units. Both are required and must be
   * the order's, as for a gateway's capture: else the confirmation has no
   * effect, with the reason, and ops are alerted.
   */
  amount?: number;
  currency?: string;
}

/** The provider whose fulfilment a digital order waits for, when one is configured. */
const SUPPLIER = 'supplier';

/**
 * The storefront's order payment: PAID marks the payment paid (through the
 * payment transition table, as a gateway's success would) and delivers a
 * digital order that needs no supplier any more (its codes delivered, or no
 * supplier configured at all); one still waiting for its supplier stays
 * unfulfilled, so reconciliation keeps asking the supplier, and the
 * supplier's order.fulfilled delivers it. Any other status confirms nothing
 * and is recorded so. The customer gets the gateway's payment-confirmed
 * e-mail when PAID moved the payment. Native storefronts map their paid
 * orders onto the same path with confirmPayment.
 */
@Injectable()
export class OrderPaymentWebhookHandler {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly paymentNotices: PaymentNotifications,
    private readonly config: AppConfig,
    private readonly integrationEvents: IntegrationEventsService,
    private readonly digitalGoods: DigitalPaymentEffectsService,
  ) {}

  @OnWebhook(ORDER_PAYMENT_PROVIDER, 'order.payment')
  async apply(context: WebhookHandlerContext<OrderPaymentWebhookDto>): Promise<HandlerResult> {
    const { id, orderPayment, updatedAt } = context.event.payload;
    if (orderPayment.status !== PAID) return noEffect(`orderPayment.status ${orderPayment.status} confirms no payment`);
    const { paymentId, amount, currency } = orderPayment;
    return this.confirmPayment(context, { orderId: id, paymentId, updatedAt, amount, currency });
  }

  /** In the event's transaction: the order is paid (if its figures match and the table allows) and, if digital and ready, delivered. */
  async confirmPayment(context: WebhookHandlerContext<object>, confirmation: PaymentConfirmation): Promise<HandlerResult> {
    const { event, manager } = context;
    const { orderId, paymentId, updatedAt, amount, currency } = confirmation;
    const order = await this.orders.lockForUpdate(manager, orderId);
    const mismatch = amountMismatch({ amount, currency }, order);
    if (mismatch) {
      await this.paymentNotices.alertMismatch(context, order.id, mismatch);
      return noEffect(mismatch);
    }
    const payment = paymentTransition(order.paymentStatus, 'payment.success');
    // A PAID after a refund (or one started) is stale: it delivers nothing either.
    if (!payment.allowed && order.paymentStatus !== PaymentStatus.Paid) return noEffect(payment.reason);

    const paid = payment.allowed ? markPaid(order, paymentId) : undefined;
    const waiting = order.kind === OrderKind.Digital && this.waitsForSupplier(order);
    const delivered =
      order.kind === OrderKind.Digital && !waiting ? deliver(order, updatedAt ? new Date(updatedAt) : event.receivedAt) : undefined;
    const waitNote = waiting ? 'fulfilment waits for the supplier' : undefined;
    if (!paid && !delivered)
      return noEffect(`payment already paid; fulfilment stays ${order.fulfillmentStatus}${waiting ? ' (waits for the supplier)' : ''}`);
    await this.orders.save(manager, order);
    if (payment.allowed) {
      await this.paymentNotices.emailCustomer(context, order, 'payment.success', { amount, currency });
      await this.integrationEvents.record(context, paymentIntegrationEvent(order, 'payment.success', { amount, currency }));
      await this.digitalGoods.paymentChanged(context, order);
    }
    // A digital order the PAID delivered (its codes came first, or it needs no supplier) is complete now.
    if (delivered) await this.integrationEvents.recordCompletion(context, order.id, orderEventData(order), 'order.paid');
    return applied([paid, delivered, waitNote].filter((change) => change !== undefined).join('; '));
  }

  /**
   * A digital order needs its supplier until the codes are delivered
   * (fulfilled): PAID then marks it paid only, reconciliation keeps asking the
   * supplier, and the supplier's order.fulfilled delivers it. With no
   * supplier configured at all, PAID delivers it (the seed's PAID → delivered).
   */
  private waitsForSupplier(order: Order): boolean {
    const supplierConfigured = (this.config.provider(SUPPLIER)?.secrets.length ?? 0) > 0;
    return supplierConfigured && order.fulfillmentStatus === FulfillmentStatus.Unfulfilled;
  }
}

function markPaid(order: Order, paymentId: string | undefined): string {
  const from = order.paymentStatus;
  order.paymentStatus = PaymentStatus.Paid;
  order.paymentId = paymentId ?? order.paymentId;
  return `payment ${from} → ${PaymentStatus.Paid}`;
}

/** Completes a digital order, unless it is past delivery (failed or refunded) or delivered already. */
function deliver(order: Order, at: Date): string | undefined {
  const from = order.fulfillmentStatus;
  const to = nextDigitalFulfillment(from, FulfillmentStatus.Delivered);
  if (to === from) return undefined;
  order.fulfillmentStatus = to;
  order.completedAt = at;
  return `fulfilment ${from} → ${to}`;
}
