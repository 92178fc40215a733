import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, type Repository } from 'typeorm';
import type { SubjectQuery } from '../reconciliation/reconciliation-checks.repository.js';
import { DigitalCode } from './digital-code.entity.js';
import { REFUND_REQUESTED, REFUND_WITHDRAWN, RefundRequest } from './refund-request.entity.js';
import { SupplierOrder, SupplierOrderStatus } from './supplier-order.entity.js';

// Supplier orders past their SLA deadline without order.fulfilled and not alerted yet (no
// outbox row under the alert's key), oldest deadline first; and paid digital orders no supplier
// event reached at all, their SLA counted from their last change (the payment, as nothing else
// changes them while they wait). Those alerted before are left out, so however many stay
// overdue for good, a new breach is still alerted.
const OVERDUE_NOT_ALERTED = `
  SELECT * FROM (
    SELECT s.order_id AS "orderId", s.supplier_order_id AS "supplierOrderId", s.sla_deadline AS "slaDeadline"
    FROM supplier_orders s
    WHERE s.status = 'created' AND s.sla_deadline < now()
    UNION ALL
    SELECT o.id, NULL, o.updated_at + make_interval(mins => $4)
    FROM orders o
    WHERE o.kind = 'digital' AND o.payment_status = 'paid' AND o.fulfillment_status = 'unfulfilled'
      AND o.updated_at + make_interval(mins => $4) < now()
      AND NOT EXISTS (SELECT 1 FROM supplier_orders s WHERE s.order_id = o.id)
  ) overdue
  WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = $1 || overdue."orderId" || $2)
  ORDER BY "slaDeadline"
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

/** A delivered item as the supplier's event carries it, code and PIN already sealed by the controller. */
export interface SealedCode {
  sku: string;
  code: string;
  pin?: string | null;
}

/** A refund to ask for: one per order and cause. */
export type NewRefundRequest = Pick<RefundRequest, 'orderId' | 'cause' | 'amount' | 'currency' | 'sourceEventId'>;

/** What GET /orders/:id shows of the supplier side: statuses and SKUs, never codes. */
export interface SupplierOrderSection {
  supplierOrderId: string | null;
  status: SupplierOrderStatus;
  orderedAt: Date | null;
  slaDeadline: Date | null;
  statusChangedAt: Date;
  items: Array<{ sku: string; hasPin: boolean }>;
}

/**
 * The supplier side of our digital orders: supplier orders, the sealed codes
 * delivered for them and the refunds their failures ask for. The handler's
 * writes run in the transaction of the event being applied (its manager
 * passed in), which already holds the order's row lock.
 */
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

  /** A supplier order for an order no supplier event reached before, not saved yet: its SLA clock starts only with order.created. */
  newFor(orderId: string): SupplierOrder {
    return this.supplierOrders.create({ orderId, orderedAt: null, slaDeadline: null });
  }

  async save(manager: EntityManager, supplierOrder: SupplierOrder): Promise<SupplierOrder> {
    return manager.save(supplierOrder);
  }

  /** Stores the codes the supplier delivered for the order, sealed as they came. */
  async storeCodes(manager: EntityManager, orderId: string, items: SealedCode[]): Promise<void> {
    await manager.insert(
      DigitalCode,
      items.map((item) => ({ orderId, sku: item.sku, codeSealed: item.code, pinSealed: item.pin ?? null })),
    );
  }

  /** Records the refund request unless one for this order and cause exists already (the first one stands). */
  async requestRefund(manager: EntityManager, request: NewRefundRequest): Promise<void> {
    await manager.createQueryBuilder().insert().into(RefundRequest).values(request).orIgnore().execute();
  }

  /** Withdraws the order's refund request of this cause if it is still requested; true when there was one. */
  async withdrawRefund(manager: EntityManager, orderId: string, cause: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(RefundRequest)
      .set({ status: REFUND_WITHDRAWN })
      .where({ orderId, cause, status: REFUND_REQUESTED })
      .execute();
    return (result.affected ?? 0) > 0;
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

  /**
   * Overdue supplier orders, and paid digital orders no supplier event reached `slaMinutes` after
   * their payment, whose alert (outbox key `alertKeyPrefix` + order id + `alertKeySuffix`) is not
   * written yet, oldest deadline first.
   */
  async overdueNotAlerted(
    alertKeyPrefix: string,
    alertKeySuffix: string,
    limit: number,
    slaMinutes: number,
  ): Promise<OverdueSupplierOrder[]> {
    return await this.supplierOrders.query<OverdueSupplierOrder[]>(OVERDUE_NOT_ALERTED, [
      alertKeyPrefix,
      alertKeySuffix,
      limit,
      slaMinutes,
    ]);
  }
}
