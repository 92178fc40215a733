/**
 * The event names an order we do not have yet. Retried: the order may be
 * created a moment after the provider's webhook, then dead-lettered.
 */
export class OrderNotFoundError extends Error {
  constructor(orderId: string) {
    super(`order ${orderId} does not exist (yet)`);
    this.name = 'OrderNotFoundError';
  }
}
