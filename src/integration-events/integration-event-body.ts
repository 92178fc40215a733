import type { IntegrationEvent } from './integration-event.entity.js';

/** What subscribers receive: the same bytes on every retry of one event. */
export interface IntegrationEventBody {
  type: string;
  /** When the domain change happened (the event was written), ISO 8601. */
  timestamp: string;
  data: Record<string, unknown>;
}

export function integrationEventBody(event: IntegrationEvent): IntegrationEventBody {
  const order = event.orderId === null ? {} : { orderId: event.orderId };
  return { type: event.type, timestamp: event.createdAt.toISOString(), data: { ...order, sequence: event.sequence, ...event.data } };
}
