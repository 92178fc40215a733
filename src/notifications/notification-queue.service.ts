import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '../common/async/with-timeout.js';
import { jobLogFields, REQUEST_ID_LOG_KEY } from '../common/logging/job-log-context.js';
import { retriedJobOptions } from '../common/queue/retry-schedule.js';
import { traceCarrier } from '../common/tracing/trace-carrier.js';
import { AppConfig } from '../config/app-config.js';
import { NOTIFICATION_BACKOFF, NOTIFICATIONS_QUEUE, SEND_NOTIFICATION_JOB, type SendNotificationJob } from './notification-queue.js';

/**
 * Queues outbox rows once the transaction that wrote them has committed
 * (the outbox calls it after commit). A row that could not be queued
 * stays pending, and the sweeper queues it later.
 */
@Injectable()
export class NotificationQueueService {
  private readonly logger = new Logger(NotificationQueueService.name);

  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue<SendNotificationJob>,
    private readonly config: AppConfig,
  ) {}

  async enqueue(notificationId: string): Promise<void> {
    const options = retriedJobOptions(notificationId, this.config.notifications.retryDelaysMs, NOTIFICATION_BACKOFF);
    await withTimeout(
      this.queue.add(
        SEND_NOTIFICATION_JOB,
        { notificationId, requestId: jobLogFields()[REQUEST_ID_LOG_KEY], trace: traceCarrier() },
        options,
      ),
      this.config.redis.enqueueTimeoutMs,
      'queue did not answer in time',
    );
  }

  /** Queues rows already committed; a row not queued is logged and left to the sweeper. */
  async enqueueQuietly(ids: string[]): Promise<void> {
    for (const id of ids) {
      await this.enqueue(id).catch((error: Error) =>
        this.logger.warn(`notification ${id} committed but not queued (${error.message}); the sweeper will queue it`),
      );
    }
  }
}
