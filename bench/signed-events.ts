import { createHmac } from 'node:crypto';

export interface SignedRequest {
  body: string;
  signature: string;
}

/**
 * Unique, signed payment.success events, made before the clock starts so the
 * load generator spends its time sending, not signing. Each event has its own
 * event_id (so its own dedupe key) and pays one of `orders` bench orders.
 */
export class SignedEvents {
  private readonly made: SignedRequest[] = [];
  private next = 0;

  constructor(
    private readonly tag: string,
    private readonly secret: string,
    private readonly orders: number,
  ) {}

  prepare(count: number): this {
    for (let i = this.made.length; i < count; i += 1) this.made.push(this.make(i));
    return this;
  }

  /** The next unused event; makes one on the spot if the prepared ones ran out. */
  take(): SignedRequest {
    const index = this.next++;
    return this.made[index] ?? this.make(index);
  }

  get taken(): number {
    return this.next;
  }

  private make(index: number): SignedRequest {
    const body = JSON.stringify({
      event: 'payment.success',
      event_id: `${this.tag}-${index}`,
      order_id: benchOrderId(index % this.orders),
      payment_id: `pay_${this.tag}_${index}`,
      amount: 2499.0,
      currency: 'INR',
      status: 'captured',
      method: 'card',
      timestamp: '2026-03-08T10:30:00Z',
    });
    return { body, signature: `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}` };
  }
}

export const BENCH_ORDER_PREFIX = 'ORD-BENCH-';
export const benchOrderId = (index: number) => `${BENCH_ORDER_PREFIX}${index}`;
