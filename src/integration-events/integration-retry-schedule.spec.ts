import { nextRetryDelayMs } from './integration-retry-schedule.js';

const SVIX = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

describe('integration retry schedule', () => {
  it('waits the nth delay after the nth failed try, seconds then minutes then hours, and gives up after the last', () => {
    const noJitter = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((tries) => nextRetryDelayMs(tries, SVIX, 0.2, noJitter))).toEqual(SVIX);
    expect(nextRetryDelayMs(8, SVIX, 0.2, noJitter)).toBeUndefined();
  });

  it('spreads each delay by up to ± the jitter, never below zero', () => {
    expect(nextRetryDelayMs(2, SVIX, 0.2, () => 0)).toBe(240_000);
    expect(nextRetryDelayMs(2, SVIX, 0.2, () => 0.999_999)).toBe(360_000);
    expect(nextRetryDelayMs(1, [100], 0.5, () => 0)).toBe(50);
    const spread = new Set(Array.from({ length: 50 }, () => nextRetryDelayMs(2, SVIX, 0.2)));
    expect(spread.size).toBeGreaterThan(1);
    for (const delay of spread) expect(delay).toBeGreaterThanOrEqual(240_000);
  });

  it('with no jitter, every try waits exactly its delay', () => {
    expect(nextRetryDelayMs(1, [1_000], 0)).toBe(1_000);
  });
});
