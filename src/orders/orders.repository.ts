import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Order } from './order.entity.js';
import { OrderNotFoundError } from './order-not-found.error.js';

/** Order access for domain handlers, inside the transaction of the event being applied. */
@Injectable()
export class OrdersRepository {
  /** Locks the order row for the rest of the transaction, so concurrent events for it apply one by one. */
  async lockForUpdate(manager: EntityManager, orderId: string): Promise<Order> {
    const order = await manager.findOne(Order, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw new OrderNotFoundError(orderId);
    return order;
  }

  async save(manager: EntityManager, order: Order): Promise<Order> {
    return manager.save(order);
  }
}
