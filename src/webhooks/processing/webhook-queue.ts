import type { JobOptions } from 'bull';
import { retriedJobOptions } from '../../common/queue/retry-schedule.js';
import type { TraceCarrier } from '../../common/tracing/trace-carrier.js';

export const WEBHOOK_EVENTS_QUEUE = 'webhook-events';
export const PROCESS_EVENT_JOB = 'process-event';
/** Name of the backoff strategy that walks WEBHOOK_RETRY_DELAYS_MS. */
export const INBOX_BACKOFF = 'inbox-schedule';

export interface ProcessEventJob {
  eventId: string;
  /** The trace of what queued it (the webhook's request), when tracing is on. */
  trace?: TraceCarrier;
}

/** Job id = event id: Bull refuses a second copy of a job still waiting, delayed or running. */
export function processEventJobOptions(eventId: string, retryDelaysMs: readonly number[]): JobOptions {
  return retriedJobOptions(eventId, retryDelaysMs, INBOX_BACKOFF);
}
