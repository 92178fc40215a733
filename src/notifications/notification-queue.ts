import type { TraceCarrier } from '../common/tracing/trace-carrier.js';

export const NOTIFICATIONS_QUEUE = 'notifications';
export const SEND_NOTIFICATION_JOB = 'send-notification';
/** Name of the backoff strategy that walks NOTIFICATION_RETRY_DELAYS_MS. */
export const NOTIFICATION_BACKOFF = 'notification-schedule';

export interface SendNotificationJob {
  notificationId: string;
  /** The request that caused it, when queued by that request's event job: for its log lines and audit row. */
  requestId?: string;
  /** The trace of what queued it (the event's job), when tracing is on. */
  trace?: TraceCarrier;
}
