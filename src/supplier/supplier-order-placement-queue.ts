export const SUPPLIER_ORDERS_QUEUE = 'supplier-orders';
export const PLACE_SUPPLIER_ORDER_JOB = 'place-supplier-order';

/** One try of one placement; the placement's row decides what follows (the next try is a job of its own). */
export interface PlaceSupplierOrderJob {
  placementId: string;
  /** The placement's tries before this one: a job whose placement has moved on is stale and does nothing. */
  attempt: number;
  requestId?: string;
}

/** A try's job id: the placement and how many tries it had, so each try is a job of its own. */
export function placementJobId(placementId: string, attempts: number): string {
  return `${placementId}.${attempts}`;
}

export function parsePlacementJobId(jobId: string): { placementId: string; attempt: number } {
  const dot = jobId.lastIndexOf('.');
  return { placementId: jobId.slice(0, dot), attempt: Number(jobId.slice(dot + 1)) };
}
