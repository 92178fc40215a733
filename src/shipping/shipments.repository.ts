import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { FulfillmentStatus } from '../orders/order.entity.js';
import { ShipmentScan } from './shipment-scan.entity.js';
import { Shipment } from './shipment.entity.js';

/** A scan as the handler records it; id and recorded_at are the database's. */
export type NewShipmentScan = Omit<ShipmentScan, 'id' | 'recordedAt'>;

/** What GET /orders/:id shows of a shipment. */
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

/**
 * Shipments and their tracking history: written by the shipping handler in
 * the transaction of the event being applied (its manager passed in, the
 * order's row lock already held), read for the order view.
 */
@Injectable()
export class ShipmentsRepository {
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

  /** Adds a scan to the tracking history, whether or not it moved the order. */
  async addScan(manager: EntityManager, scan: NewShipmentScan): Promise<void> {
    await manager.insert(ShipmentScan, scan);
  }

  async save(manager: EntityManager, shipment: Shipment): Promise<Shipment> {
    return manager.save(shipment);
  }

  /** The order's shipments, oldest first, each with its tracking history. */
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
