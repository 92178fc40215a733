import { placementDecision, placementIdempotencyKey } from './supplier-order-placement-decision.js';

const DELAYS = [10_000, 60_000];

describe('placementIdempotencyKey', () => {
  it('is derived from the order id alone: the same on every try, retry and replay, distinct per order', () => {
    expect(placementIdempotencyKey('ORD-1')).toBe(placementIdempotencyKey('ORD-1'));
    expect(placementIdempotencyKey('ORD-1')).toBe('order-placement:ORD-1');
    expect(placementIdempotencyKey('ORD-2')).not.toBe(placementIdempotencyKey('ORD-1'));
  });
});

describe('placementDecision', () => {
  it.each([200, 201, 202])('%i is placed', (httpStatus) => {
    expect(placementDecision({ httpStatus }, 1, DELAYS)).toEqual({ placed: true });
  });

  it.each([400, 401, 403, 404, 409, 422])('%i is dead at once, whatever tries are left: the supplier refused the order', (httpStatus) => {
    expect(placementDecision({ httpStatus, error: `HTTP ${httpStatus}` }, 1, DELAYS)).toEqual({
      dead: `HTTP ${httpStatus}: the supplier refused the order`,
    });
  });

  it.each([500, 502, 503, 408, 429, 302])('%i is retried on the schedule', (httpStatus) => {
    expect(placementDecision({ httpStatus, error: `HTTP ${httpStatus}` }, 1, DELAYS)).toEqual({ retryInMs: 10_000 });
    expect(placementDecision({ httpStatus, error: `HTTP ${httpStatus}` }, 2, DELAYS)).toEqual({ retryInMs: 60_000 });
  });

  it('no answer (a network error, a timeout) is retried', () => {
    expect(placementDecision({ error: 'TypeError: fetch failed' }, 1, DELAYS)).toEqual({ retryInMs: 10_000 });
  });

  it('a retryable failure with no delay left is dead: tries are delays + 1', () => {
    expect(placementDecision({ httpStatus: 503, error: 'HTTP 503' }, 3, DELAYS)).toEqual({ dead: 'HTTP 503 after 3 tries' });
    expect(placementDecision({ error: 'timed out' }, 1, [])).toEqual({ dead: 'timed out after 1 tries' });
  });
});
