import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, type Repository } from 'typeorm';
import type { SubjectQuery } from '../reconciliation/reconciliation-checks.repository.js';
import { DigitalCode } from './digital-code.entity.js';
import { RefundRequest } from './refund-request.entity.js';
import { SupplierOrder, SupplierOrderStatus } from './supplier-order.entity.js';

// Supplier orders past their SLA deadline without order.fulfilled and not alerted yet (no
// outbox row under the alert's key), oldest deadline first. Those alerted before are left out,
// so however many stay overdue for good, a new breach is still alerted.
const OVERDUE_NOT_ALERTED = `
  SELECT s.order_id AS "orderId", s.supplier_order_id AS "supplierOrderId", s.sla_deadline AS "slaDeadline"
  FROM supplier_orders s
  WHERE s.status = 'created' AND s.sla_deadline < now()
    AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = $1 || s.order_id || $2)
  ORDER BY s.sla_deadline
  LIMIT $3`;

// Digital orders still waiting for fulfilment, old enough that order.fulfilled is overdue:
// those with a supplier order still `created`, and paid ones of which no supplier event
// arrived at all (order.created was lost too), else such an order would stay stuck.
const AWAITING_FULFILMENT = `
  SELECT order_id AS id FROM supplier_orders
  WHERE status = 'created'
    AND created_at < now() - make_interval(secs => $1)
    AND created_at > now() - make_interval(secs => $2)
  UNION ALL
  SELECT o.id FROM orders o
  WHERE o.kind = 'digital' AND o.payment_status = 'paid' AND o.fulfillment_status = 'unfulfilled'
    AND o.created_at < now() - make_interval(secs => $1)
    AND o.created_at > now() - make_interval(secs => $2)
    AND NOT EXISTS (SELECT 1 FROM supplier_orders s WHERE s.order_id = o.id)`;

/** A supplier order past its SLA deadline that ops have not been alerted about. */
export interface OverdueSupplierOrder {
  orderId: string;
  supplierOrderId: string | null;
  slaDeadline: Date;
}

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

  /** Digital orders whose fulfilment is overdue, created between maxAgeMs and minAgeMs ago: what reconciliation asks the supplier about. */
  awaitingFulfilment(minAgeMs: number, maxAgeMs: number): SubjectQuery {
    return { sql: AWAITING_FULFILMENT, params: [minAgeMs / 1000, maxAgeMs / 1000] };
  }

  /** Overdue supplier orders whose alert (outbox key `alertKeyPrefix` + order id + `alertKeySuffix`) is not written yet, oldest deadline first. */
  async overdueNotAlerted(alertKeyPrefix: string, alertKeySuffix: string, limit: number): Promise<OverdueSupplierOrder[]> {
    return (await this.supplierOrders.query(OVERDUE_NOT_ALERTED, [alertKeyPrefix, alertKeySuffix, limit])) as OverdueSupplierOrder[];
  }
}
