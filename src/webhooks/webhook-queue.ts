import type { JobOptions } from 'bull';

export const WEBHOOK_EVENTS_QUEUE = 'webhook-events';
export const PROCESS_EVENT_JOB = 'process-event';
/** Name of the backoff strategy that walks WEBHOOK_RETRY_DELAYS_MS. */
export const INBOX_BACKOFF = 'inbox-schedule';

export interface ProcessEventJob {
  eventId: string;
}

/**
 * The job id is the event id, so Bull itself refuses a second copy of a job
 * that is still waiting, delayed or running.
 */
export function processEventJobOptions(eventId: string, retryDelaysMs: readonly number[]): JobOptions {
  return {
    jobId: eventId,
    attempts: retryDelaysMs.length + 1,
    backoff: { type: INBOX_BACKOFF },
    // Postgres holds the truth; finished jobs need not linger in Redis.
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/** Delay before try n+1, given n tries made; the last delay repeats if attempts outnumber delays. */
export function inboxBackoff(retryDelaysMs: readonly number[]) {
  return (attemptsMade: number): number =>
    retryDelaysMs[Math.min(attemptsMade, retryDelaysMs.length) - 1] ?? retryDelaysMs[0] ?? 0;
}
