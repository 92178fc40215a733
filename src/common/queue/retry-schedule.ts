import type { JobOptions } from 'bull';

/**
 * Options of a job retried on a fixed schedule of delays (tries = delays + 1).
 * The job id is the id of the row it works on, so Bull itself refuses a
 * second copy of a job that is still waiting, delayed or running.
 */
export function retriedJobOptions(jobId: string, retryDelaysMs: readonly number[], backoffStrategy: string): JobOptions {
  return {
    jobId,
    attempts: retryDelaysMs.length + 1,
    backoff: { type: backoffStrategy },
    // Postgres holds the truth; finished jobs need not linger in Redis.
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/** Bull backoff strategy: delay before try n+1, given n tries made; the last delay repeats if attempts outnumber delays. */
export function retrySchedule(retryDelaysMs: readonly number[]) {
  return (attemptsMade: number): number => retryDelaysMs[Math.min(attemptsMade, retryDelaysMs.length) - 1] ?? retryDelaysMs[0] ?? 0;
}
