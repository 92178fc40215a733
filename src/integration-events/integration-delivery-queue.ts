import type { TraceCarrier } from '../common/tracing/trace-carrier.js';

export const INTEGRATION_QUEUE = 'integration-events';
export const DELIVER_INTEGRATION_EVENT_JOB = 'deliver-integration-event';

/** One try of one delivery; the delivery's row decides what follows (the next try is a job of its own). */
export interface DeliverIntegrationEventJob {
  deliveryId: string;
  /** The delivery's tries before this one: a job whose delivery has moved on is stale and does nothing. */
  attempt: number;
  /** The request that caused it, for its log lines and audit row. */
  requestId?: string;
  /** The trace of what queued it, when tracing is on. */
  trace?: TraceCarrier;
}
