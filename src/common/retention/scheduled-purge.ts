import { ScheduledRun } from '../scheduling/scheduled-run.js';

/** A purge of rows past their retention, on the schedule of ScheduledRun. */
export abstract class ScheduledPurge<R> extends ScheduledRun<R> {
  protected readonly runName = 'purge';

  /** Runs a purge now, unless one is under way. */
  purge(): Promise<R> {
    return this.runNow();
  }
}

/**
 * Calls step (one short statement affecting at most batchSize rows, returning how many it
 * affected) until it affects fewer, so a large backlog never holds one long lock; returns the
 * total. onBatch hears each count as it commits, so a loop that fails half-way still reports it.
 */
export async function inBatches(
  batchSize: number,
  step: (limit: number) => Promise<number>,
  onBatch: (count: number) => void = () => undefined,
): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await step(batchSize);
    onBatch(count);
    total += count;
    if (count < batchSize) return total;
  }
}
