import { Injectable } from '@nestjs/common';
import { messageSafeId, messageSafeText } from '../common/validation/message-safe.js';
import { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { FulfillmentStatus, type Order, OrderKind } from '../orders/order.entity.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { applied, type HandlerResult, noEffect, type WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import { scanTime, type ShippingWebhookDto } from './dto/shipping-webhook.dto.js';
import { shipmentTransition } from './shipment-transitions.js';
import type { Shipment } from './shipment.entity.js';
import { ShipmentsRepository } from './shipments.repository.js';
import { SCAN_STATUS, SHIPPING_EVENTS, SHIPPING_PROVIDER, type ShippingEvent } from './shipping-events.js';
import { shippingIntegrationEvent } from './shipping-integration-events.js';
import { shippingNotices } from './shipping-notifications.js';

/**
 * One carrier scan as the transition table sees it, whoever reported it: the
 * partner's own webhook, or a native courier's (Shiprocket) mapped onto it.
 */
export interface CarrierScan {
  event: ShippingEvent;
  /** Our order id. */
  orderId: string;
  awb: string;
  /** When the carrier scanned it: scans are ordered by it, not by arrival. */
  occurredAt: Date;
  /** The carrier's own status text. */
  carrierStatus?: string | null;
  location?: { city?: string | null; state?: string | null; pincode?: string | null } | null;
  /** For a delivery: when it was delivered (else occurredAt), who signed for it, the proof's URL. Personal data. */
  deliveredAt?: Date | null;
  recipient?: string | null;
  signatureUrl?: string | null;
}

/**
 * Applies carrier scans: every scan joins its shipment's tracking history;
 * the order's fulfilment status moves only as the transition table and the
 * scan's own time allow. Native couriers map their scans onto the same path
 * with applyScan.
 */
@Injectable()
export class ShippingWebhookHandler {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly shipments: ShipmentsRepository,
    private readonly outbox: NotificationOutboxService,
    private readonly integrationEvents: IntegrationEventsService,
  ) {}

  @OnWebhook(SHIPPING_PROVIDER, ...SHIPPING_EVENTS)
  apply(context: WebhookHandlerContext<ShippingWebhookDto>): Promise<HandlerResult> {
    const scan = context.event.payload;
    return this.applyScan(context, {
      event: scan.event,
      orderId: scan.order_id,
      awb: scan.awb,
      occurredAt: new Date(scanTime(scan)),
      carrierStatus: scan.status,
      location: scan.location,
      deliveredAt: scan.delivered_at ? new Date(scan.delivered_at) : null,
      recipient: scan.recipient,
      signatureUrl: scan.signature_url,
    });
  }

  /** In the event's transaction: records the scan in its shipment's history and moves the order if the table allows. */
  async applyScan(context: WebhookHandlerContext<object>, scan: CarrierScan): Promise<HandlerResult> {
    const { event, manager } = context;
    const order = await this.orders.lockForUpdate(manager, scan.orderId);
    // A replayed event has its scan already: applying it again would insert the scan twice
    // (a unique violation that dead-letters the event) or re-apply an in_transit of the same time.
    if (await this.shipments.hasScanOf(manager, event.id))
      return noEffect('scan already in the tracking history; a replay changes nothing');
    if (order.kind !== OrderKind.Physical) return noEffect(`shipping events apply to physical orders; order ${order.id} is ${order.kind}`);
    const shipment = await this.shipments.lockOrCreate(manager, scan.awb, order.id);
    if (shipment.orderId !== order.id) return noEffect(`AWB ${scan.awb} belongs to order ${shipment.orderId}, not ${order.id}`);

    const { occurredAt } = scan;
    const transition = shipmentTransition(order.fulfillmentStatus, scan.event, { occurredAt, latestAppliedAt: shipment.latestScanAt });
    const status = SCAN_STATUS[scan.event];
    await this.shipments.addScan(manager, {
      shipmentId: shipment.id,
      eventId: event.id,
      eventType: event.eventType,
      carrierStatus: scan.carrierStatus ?? null,
      city: scan.location?.city ?? null,
      state: scan.location?.state ?? null,
      pincode: scan.location?.pincode ?? null,
      status,
      occurredAt,
      applied: transition.allowed,
    });
    if (!transition.allowed) return noEffect(transition.reason);

    const from = order.fulfillmentStatus;
    await this.move(context, order, shipment, scan, status);
    return applied(`fulfilment ${from} → ${status} (AWB ${scan.awb})`);
  }

  private async move(
    context: WebhookHandlerContext<object>,
    order: Order,
    shipment: Shipment,
    scan: CarrierScan,
    status: FulfillmentStatus,
  ): Promise<void> {
    const { manager } = context;
    shipment.status = status;
    shipment.latestScanAt = scan.occurredAt;
    order.fulfillmentStatus = status;
    if (status === FulfillmentStatus.Delivered) {
      const deliveredAt = scan.deliveredAt ?? scan.occurredAt;
      shipment.deliveredAt = deliveredAt;
      shipment.deliveredTo = scan.recipient ?? null;
      shipment.signatureUrl = scan.signatureUrl ?? null;
      order.completedAt = deliveredAt;
    }
    await this.shipments.save(manager, shipment);
    await this.orders.save(manager, order);
    // The courier's text reaches the customer's SMS and ops' Slack: only ids and place names of a safe character set.
    const payload = { orderId: order.id, awb: messageSafeId(scan.awb), city: messageSafeText(scan.location?.city) };
    await this.outbox.addForEvent(context, shippingNotices(scan.event, order, payload));
    await this.integrationEvents.record(context, shippingIntegrationEvent(order, scan));
  }
}
