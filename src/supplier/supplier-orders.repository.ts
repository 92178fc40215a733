import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, type Repository } from 'typeorm';
import { DigitalCode } from './digital-code.entity.js';
import { RefundRequest } from './refund-request.entity.js';
import { SupplierOrder, SupplierOrderStatus } from './supplier-order.entity.js';

/** What GET /orders/:id shows of the supplier side: statuses and SKUs, never codes. */
export interface SupplierOrderSection {
  supplierOrderId: string | null;
  status: SupplierOrderStatus;
  orderedAt: Date | null;
  slaDeadline: Date | null;
  statusChangedAt: Date;
  items: Array<{ sku: string; hasPin: boolean }>;
}

@Injectable()
export class SupplierOrdersRepository {
  constructor(
    @InjectRepository(SupplierOrder) private readonly supplierOrders: Repository<SupplierOrder>,
    @InjectRepository(DigitalCode) private readonly codes: Repository<DigitalCode>,
    @InjectRepository(RefundRequest) private readonly refunds: Repository<RefundRequest>,
  ) {}

  /** Within the event's transaction, which already holds the order's row lock. */
  forOrder(manager: EntityManager, orderId: string): Promise<SupplierOrder | null> {
    return manager.findOneBy(SupplierOrder, { orderId });
  }

  /**
   * Supplier orders still `created` past their SLA deadline, oldest deadline
   * first: what the reconciliation asks the supplier about.
   */
  overdue(asOf: Date = new Date(), limit = 100): Promise<SupplierOrder[]> {
    return this.supplierOrders.find({
      where: { status: SupplierOrderStatus.Created, slaDeadline: LessThan(asOf) },
      order: { slaDeadline: 'ASC' },
      take: limit,
    });
  }

  async section(orderId: string): Promise<SupplierOrderSection | null> {
    const supplierOrder = await this.supplierOrders.findOneBy({ orderId });
    if (!supplierOrder) return null;
    const codes = await this.codes.find({ where: { orderId }, order: { createdAt: 'ASC' } });
    const { supplierOrderId, status, orderedAt, slaDeadline, statusChangedAt } = supplierOrder;
    return {
      supplierOrderId,
      status,
      orderedAt,
      slaDeadline,
      statusChangedAt,
      items: codes.map((code) => ({ sku: code.sku, hasPin: code.pinSealed !== null })),
    };
  }

  refundRequests(orderId: string): Promise<Array<Omit<RefundRequest, 'orderId'>>> {
    return this.refunds.find({
      where: { orderId },
      select: { id: true, cause: true, amount: true, currency: true, status: true, sourceEventId: true, createdAt: true },
      order: { createdAt: 'ASC' },
    });
  }
}
