import { Injectable } from '@nestjs/common';

export type OrderDetailsProvider = (orderId: string) => Promise<unknown>;

/**
 * Lets domain modules add their own section to GET /orders/:id (shipments,
 * supplier orders…) without the orders module knowing them.
 */
@Injectable()
export class OrderDetailsRegistry {
  private readonly sections = new Map<string, OrderDetailsProvider>();

  register(section: string, provider: OrderDetailsProvider): void {
    this.sections.set(section, provider);
  }

  async collect(orderId: string): Promise<Record<string, unknown>> {
    const entries = await Promise.all([...this.sections].map(async ([section, provider]) => [section, await provider(orderId)] as const));
    return Object.fromEntries(entries);
  }
}
