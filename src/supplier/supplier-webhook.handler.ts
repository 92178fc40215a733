import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { orderEventData, orderFigures } from '../integration-events/order-event-data.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { applied, type HandlerResult, noEffect, type WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import {
  CODES_DELIVERED,
  ORDER_REFUNDED,
  type SealedItem,
  SUPPLIER_BALANCE_LOW,
  SUPPLIER_ORDER_FAILED,
} from './digital-goods-notifications.js';
import { FULFILLMENT_TARGET, nextDigitalFulfillment, supplierOrderTransition } from './digital-goods-transitions.js';
import type { SupplierWebhookDto } from './dto/supplier-webhook.dto.js';
import { SUPPLIER_FAILURE_CAUSE } from './refund-request.entity.js';
import { SUPPLIER_ORDER_EVENTS, SUPPLIER_PROVIDER, type SupplierOrderEvent } from './supplier-events.js';
import type { SupplierOrder } from './supplier-order.entity.js';
import { SupplierOrdersRepository } from './supplier-orders.repository.js';

type SupplierContext = WebhookHandlerContext<SupplierWebhookDto>;
/** What an event does beyond moving the statuses; returns what to add to the event's note. */
type SupplierEffect = (context: SupplierContext, order: Order, supplierOrder: SupplierOrder) => Promise<string>;

const MS_PER_MINUTE = 60_000;

/**
 * Applies the supplier's events to its supplier order and to our digital
 * order, matched on our order id (`reference`). Codes arrive sealed (the
 * controller sealed them) and stay sealed here: into digital_codes and into
 * the customer's e-mail row, which opens them only when it is rendered.
 */
@Injectable()
export class SupplierWebhookHandler {
  private readonly effects: Record<SupplierOrderEvent, SupplierEffect> = {
    'order.created': (_context, _order, supplierOrder) => Promise.resolve(this.startSlaClock(supplierOrder)),
    'order.fulfilled': (context, order) => this.deliverCodes(context, order),
    'order.failed': (context, order, supplierOrder) => this.reportFailure(context, order, supplierOrder),
    'order.refunded': (context, order) => this.noticeRefund(context, order),
  };

  constructor(
    private readonly orders: OrdersRepository,
    private readonly supplierOrders: SupplierOrdersRepository,
    private readonly outbox: NotificationOutboxService,
    private readonly config: AppConfig,
    private readonly integrationEvents: IntegrationEventsService,
  ) {}

  @OnWebhook(SUPPLIER_PROVIDER, ...SUPPLIER_ORDER_EVENTS)
  async applyOrderEvent(context: SupplierContext): Promise<HandlerResult> {
    const { event, manager } = context;
    const { data, timestamp } = event.payload;
    const eventType = event.payload.event as SupplierOrderEvent;
    const order = await this.orders.lockForUpdate(manager, data.reference!);
    if (order.kind !== OrderKind.Digital) return noEffect(`supplier events apply to digital orders; order ${order.id} is ${order.kind}`);
    const existing = await this.supplierOrders.forOrder(manager, order.id);
    const transition = supplierOrderTransition(existing?.status ?? null, eventType);
    if (!transition.allowed) return noEffect(transition.reason);

    const from = existing?.status ?? 'new';
    const supplierOrder = existing ?? this.supplierOrders.newFor(order.id);
    supplierOrder.status = transition.to;
    supplierOrder.statusChangedAt = new Date(timestamp);
    supplierOrder.supplierOrderId = data.order_id ?? supplierOrder.supplierOrderId ?? null;
    const effect = await this.effects[eventType](context, order, supplierOrder);
    await this.supplierOrders.save(manager, supplierOrder);

    const wasCompleted = order.completedAt !== null;
    const fulfilment = moveFulfillment(order, FULFILLMENT_TARGET[transition.to], supplierOrder.statusChangedAt);
    await this.orders.save(manager, order);
    if (!wasCompleted && order.completedAt !== null) {
      await this.integrationEvents.recordCompletion(context, order.id, orderEventData(order), 'digital.codes_delivered');
    }
    return applied(`supplier order ${from} → ${transition.to}; ${fulfilment}; ${effect}`);
  }

  private startSlaClock(supplierOrder: SupplierOrder): string {
    supplierOrder.orderedAt = supplierOrder.statusChangedAt;
    supplierOrder.slaDeadline = new Date(
      supplierOrder.statusChangedAt.getTime() + this.config.digitalGoods.supplierSlaMinutes * MS_PER_MINUTE,
    );
    return `SLA deadline ${supplierOrder.slaDeadline.toISOString()}`;
  }

  private async deliverCodes(context: SupplierContext, order: Order): Promise<string> {
    const items = (context.event.payload.data.items ?? []) as SealedItem[];
    await this.supplierOrders.storeCodes(context.manager, order.id, items);
    const sealedItems = items.map(({ sku, code, pin }) => ({ sku, code, pin: pin ?? null }));
    const withdrawn = await this.withdrawFailureRefund(context, order);
    await this.outbox.addForEvent(context, [
      {
        channel: NotificationChannel.Email,
        template: CODES_DELIVERED,
        recipient: order.customerEmail,
        payload: { orderId: order.id, items: sealedItems },
      },
    ]);
    // Which products and how many codes, never the codes: subscribers are outside the vault. Figures only:
    // the effects run before the order's fulfilment moves, so its statuses would be the old ones.
    const skus = items.map(({ sku }) => sku);
    await this.integrationEvents.record(context, {
      type: 'digital.codes_delivered',
      orderId: order.id,
      data: { ...orderFigures(order), delivered: skus.map((sku) => ({ sku })), codes: items.length },
    });
    const delivered = `${items.length} code(s) stored sealed; ${this.codesEmailNote(order)}`;
    return withdrawn ? `${delivered}; refund request withdrawn (fulfilled after its failure)` : delivered;
  }

  /** What becomes of the codes e-mail: it is written to the outbox now, and sent later only where SMTP is configured. */
  private codesEmailNote(order: Order): string {
    if (!order.customerEmail) return 'no customer e-mail to send them to';
    if (!this.config.notifications.email.smtpUrl) return 'e-mail to the customer recorded, not sent: SMTP_URL is not set';
    return 'e-mail to the customer queued';
  }

  /**
   * A supplier that retries after order.failed and fulfils has delivered what
   * the customer paid for: the refund its failure requested is no longer owed.
   */
  private async withdrawFailureRefund(context: SupplierContext, order: Order): Promise<boolean> {
    return this.supplierOrders.withdrawRefund(context.manager, order.id, SUPPLIER_FAILURE_CAUSE);
  }

  private async reportFailure(context: SupplierContext, order: Order, supplierOrder: SupplierOrder): Promise<string> {
    const refundRequested = order.paymentStatus === PaymentStatus.Paid;
    if (refundRequested) {
      await this.supplierOrders.requestRefund(context.manager, {
        orderId: order.id,
        cause: SUPPLIER_FAILURE_CAUSE,
        amount: order.amount,
        currency: order.currency,
        sourceEventId: context.event.id,
      });
    }
    const payload = { orderId: order.id, supplierOrderId: supplierOrder.supplierOrderId, refundRequested };
    await this.outbox.addForEvent(context, [{ channel: NotificationChannel.Slack, template: SUPPLIER_ORDER_FAILED, payload }]);
    // Figures only, as for codes_delivered: the order's fulfilment has not moved yet.
    await this.integrationEvents.record(context, {
      type: 'supplier.order_failed',
      orderId: order.id,
      data: { ...orderFigures(order), supplierOrderId: supplierOrder.supplierOrderId, refundRequested },
    });
    return refundRequested ? 'ops alerted; refund requested' : `ops alerted; no refund (payment ${order.paymentStatus})`;
  }

  private async noticeRefund(context: SupplierContext, order: Order): Promise<string> {
    await this.outbox.addForEvent(context, [
      { channel: NotificationChannel.Email, template: ORDER_REFUNDED, recipient: order.customerEmail, payload: { orderId: order.id } },
    ]);
    return 'customer notice recorded';
  }

  @OnWebhook(SUPPLIER_PROVIDER, 'balance.low')
  async alertLowBalance(context: SupplierContext): Promise<HandlerResult> {
    // No state to check it against: an event processed before (an operator replay) alerted then.
    if (context.event.processedAt) return noEffect('ops were alerted when this balance.low was first processed');
    const { balance, threshold, currency } = context.event.payload.data;
    const payload = {
      balance: balance ?? null,
      threshold: threshold ?? null,
      currency: currency ?? null,
      at: context.event.payload.timestamp,
    };
    await this.outbox.addForEvent(context, [{ channel: NotificationChannel.Slack, template: SUPPLIER_BALANCE_LOW, payload }]);
    return applied('ops alerted to top up the supplier balance');
  }
}

/** Moves the order's fulfilment towards the supplier order's status where the digital table allows; says what happened. */
function moveFulfillment(order: Order, target: FulfillmentStatus | null, at: Date): string {
  const from = order.fulfillmentStatus;
  if (target) order.fulfillmentStatus = nextDigitalFulfillment(from, target);
  // Codes delivered for an order already paid complete it: the storefront's PAID left it waiting for them.
  if (order.fulfillmentStatus === FulfillmentStatus.Fulfilled && order.paymentStatus === PaymentStatus.Paid) {
    order.fulfillmentStatus = nextDigitalFulfillment(order.fulfillmentStatus, FulfillmentStatus.Delivered);
    order.completedAt = at;
  }
  return from === order.fulfillmentStatus ? `fulfilment stays ${from}` : `fulfilment ${from} → ${order.fulfillmentStatus}`;
}
