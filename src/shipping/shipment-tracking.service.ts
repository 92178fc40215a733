import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { FulfillmentStatus } from '../orders/order.entity.js';
import type { WebhookEvent } from '../webhooks/inbox/webhook-event.entity.js';
import type { ShippingWebhookDto } from './dto/shipping-webhook.dto.js';
import { ShipmentScan } from './shipment-scan.entity.js';
import { Shipment } from './shipment.entity.js';

export interface ShipmentView {
  awb: string;
  status: FulfillmentStatus;
  deliveredAt: Date | null;
  deliveredTo: string | null;
  signatureUrl: string | null;
  /** Every scan, oldest first by the carrier's time. */
  history: Array<{
    status: FulfillmentStatus;
    eventType: string;
    carrierStatus: string | null;
    location: { city: string | null; state: string | null; pincode: string | null };
    occurredAt: Date;
    applied: boolean;
    eventId: string;
  }>;
}

/** Shipments and their tracking history: written in the event's transaction, read for the order view. */
@Injectable()
export class ShipmentTrackingService {
  constructor(
    @InjectRepository(Shipment) private readonly shipments: Repository<Shipment>,
    @InjectRepository(ShipmentScan) private readonly scans: Repository<ShipmentScan>,
  ) {}

  /** The shipment of this AWB, locked, made on its first scan. The caller holds the order's lock. */
  async lockOrCreate(manager: EntityManager, awb: string, orderId: string): Promise<Shipment> {
    const existing = await manager.findOne(Shipment, { where: { awb }, lock: { mode: 'pessimistic_write' } });
    return existing ?? manager.save(manager.create(Shipment, { awb, orderId }));
  }

  /** True when this event's scan is already in the history: the event ran before (an operator replay). */
  async hasScanOf(manager: EntityManager, eventId: string): Promise<boolean> {
    return manager.exists(ShipmentScan, { where: { eventId } });
  }

  async recordScan(
    manager: EntityManager,
    shipment: Shipment,
    event: WebhookEvent<ShippingWebhookDto>,
    scan: { status: FulfillmentStatus; occurredAt: Date; applied: boolean },
  ): Promise<void> {
    const { location, status: carrierStatus } = event.payload;
    await manager.insert(ShipmentScan, {
      shipmentId: shipment.id,
      eventId: event.id,
      eventType: event.eventType,
      carrierStatus: carrierStatus ?? null,
      city: location?.city ?? null,
      state: location?.state ?? null,
      pincode: location?.pincode ?? null,
      ...scan,
    });
  }

  async forOrder(orderId: string): Promise<ShipmentView[]> {
    const shipments = await this.shipments.find({ where: { orderId }, order: { createdAt: 'ASC' } });
    return Promise.all(shipments.map((shipment) => this.view(shipment)));
  }

  private async view(shipment: Shipment): Promise<ShipmentView> {
    const scans = await this.scans.find({ where: { shipmentId: shipment.id }, order: { occurredAt: 'ASC', recordedAt: 'ASC' } });
    const { awb, status, deliveredAt, deliveredTo, signatureUrl } = shipment;
    return {
      awb,
      status,
      deliveredAt,
      deliveredTo,
      signatureUrl,
      history: scans.map(({ status, eventType, carrierStatus, city, state, pincode, occurredAt, applied, eventId }) => ({
        status,
        eventType,
        carrierStatus,
        location: { city, state, pincode },
        occurredAt,
        applied,
        eventId,
      })),
    };
  }
}
