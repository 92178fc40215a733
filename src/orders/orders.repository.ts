import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { lockById } from '../common/database/lock-by-id.js';
import { preparedStatement, queryPrepared } from '../common/database/prepared-statement.js';
import type { SubjectQuery } from '../reconciliation/reconciliation-checks.repository.js';
import { Order } from './order.entity.js';
import { OrderNotFoundError } from './order-not-found.error.js';

// Orders still waiting for their payment, old enough that the webhook is overdue
// and young enough to be worth asking about.
const PENDING_PAYMENTS = `
  SELECT id FROM orders
  WHERE payment_status = 'pending'
    AND created_at < now() - make_interval(secs => $1)
    AND created_at > now() - make_interval(secs => $2)`;

const SAVE_PAYMENT = preparedStatement(
  'orders.save_payment',
  `UPDATE orders SET payment_status = $2, payment_id = $3, refunded_amount = $4, updated_at = now()
  WHERE id = $1
  RETURNING updated_at`,
);

// Postgres's SQLSTATE for unique_violation: the order id is taken.
const UNIQUE_VIOLATION = '23505';

/** An order as the API creates it; statuses, ids of payments and times are the table's defaults. */
export type NewOrder = Pick<Order, 'id' | 'amount' | 'currency' | 'kind' | 'customerEmail' | 'customerPhone' | 'items'>;

/** Order access for the orders API, for domain handlers (inside the transaction of the event being applied) and for reconciliation. */
@Injectable()
export class OrdersRepository {
  constructor(@InjectRepository(Order) private readonly orders: Repository<Order>) {}

  /** Inserts a new order; false when an order with its id exists already. */
  async insertNew(order: NewOrder): Promise<boolean> {
    try {
      await this.orders.insert(this.orders.create(order));
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  }

  findById(id: string): Promise<Order | null> {
    return this.orders.findOneBy({ id });
  }

  /** Locks the order row for the rest of the transaction, so concurrent events for it apply one by one. */
  async lockForUpdate(manager: EntityManager, orderId: string): Promise<Order> {
    const order = await lockById(manager, Order, orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    return order;
  }

  async save(manager: EntityManager, order: Order): Promise<Order> {
    return manager.save(order);
  }

  /**
   * As save, for the order's payment columns only: the payment handlers change
   * nothing else. One UPDATE, where save reads the row back first to compare.
   */
  async savePayment(manager: EntityManager, order: Order): Promise<void> {
    const rows = await queryPrepared<{ updated_at: Date }>(manager, SAVE_PAYMENT, [
      order.id,
      order.paymentStatus,
      order.paymentId,
      order.refundedAmount,
    ]);
    order.updatedAt = rows[0].updated_at;
  }

  /** Orders whose payment is still pending, created between maxAgeMs and minAgeMs ago: what reconciliation asks the gateway about. */
  pendingPayments(minAgeMs: number, maxAgeMs: number): SubjectQuery {
    return { sql: PENDING_PAYMENTS, params: [minAgeMs / 1000, maxAgeMs / 1000] };
  }
}
