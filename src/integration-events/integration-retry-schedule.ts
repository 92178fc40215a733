/**
 * The delay before the next try of a delivery, given how many tries failed
 * (1 after the first), or undefined when that was the last: one try more
 * than there are delays. Each delay is spread by ±jitter (a fraction), so
 * deliveries that failed together (a subscriber's outage) do not all come
 * back in the same second.
 */
export function nextRetryDelayMs(
  failedTries: number,
  delaysMs: readonly number[],
  jitter: number,
  random: () => number = Math.random,
): number | undefined {
  const base = delaysMs[failedTries - 1];
  if (base === undefined) return undefined;
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}
