/** How one POST /orders ended: the supplier's status when it answered, the error when it did not answer at all. */
export interface PlacementTry {
  httpStatus?: number;
  error?: string;
}

/** 4xx answers that mean "not now" rather than "not this order". */
const TRY_LATER = new Set([408, 429]);

export type PlacementDecision = { placed: true } | { retryInMs: number } | { dead: string };

/**
 * The supplier dedupes on it: the same for every try of an order (and for a
 * replay), so a retry after a lost answer never orders twice.
 */
export function placementIdempotencyKey(orderId: string): string {
  return `order-placement:${orderId}`;
}

/**
 * What follows a try, given the tries failed so far including this one: 2xx
 * is placed; a 4xx is the supplier refusing the order itself (asking again
 * gets the same answer), so it is dead at once, except 408 and 429, which
 * ask to come back later; those, a 5xx, a redirect or no answer may pass
 * and are retried after the next of `delaysMs` until none is left.
 */
export function placementDecision(outcome: PlacementTry, failedTries: number, delaysMs: readonly number[]): PlacementDecision {
  const status = outcome.httpStatus;
  if (status !== undefined && status >= 200 && status < 300) return { placed: true };
  const reason = outcome.error ?? `HTTP ${status}`;
  if (status !== undefined && status >= 400 && status < 500 && !TRY_LATER.has(status))
    return { dead: `${reason}: the supplier refused the order` };
  const delay = delaysMs[failedTries - 1];
  if (delay === undefined) return { dead: `${reason} after ${failedTries} tries` };
  return { retryInMs: delay };
}
