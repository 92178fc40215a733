import type { TraceCarrier } from '../common/tracing/trace-carrier.js';

export const SUPPLIER_ORDERS_QUEUE = 'supplier-orders';
export const PLACE_SUPPLIER_ORDER_JOB = 'place-supplier-order';

/** One try of one placement; the placement's row decides what follows (the next try is a job of its own). */
export interface PlaceSupplierOrderJob {
  placementId: string;
  /** The placement's tries before this one: a job whose placement has moved on is stale and does nothing. */
  attempt: number;
  requestId?: string;
  /** The trace of what queued it, when tracing is on. */
  trace?: TraceCarrier;
}
