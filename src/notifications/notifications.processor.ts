import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { bindRequestIdToJob } from '../common/logging/job-log-context.js';
import { isLastAttempt, QueueWorker } from '../common/queue/queue-worker.js';
import { AppConfig } from '../config/app-config.js';
import { NotificationDeliveryService } from './notification-delivery.service.js';
import { NOTIFICATIONS_QUEUE, SEND_NOTIFICATION_JOB, type SendNotificationJob } from './notification-queue.js';

/** The Bull worker of the notifications queue (NOTIFICATION_WORKER_CONCURRENCY sends at once). */
@Injectable()
export class NotificationsProcessor extends QueueWorker<SendNotificationJob> {
  protected readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) queue: Queue<SendNotificationJob>,
    private readonly delivery: NotificationDeliveryService,
    config: AppConfig,
  ) {
    super(queue, SEND_NOTIFICATION_JOB, config.notifications.workerConcurrency);
  }

  async process(job: Job<SendNotificationJob>): Promise<void> {
    const { notificationId, requestId } = job.data;
    bindRequestIdToJob(requestId);
    try {
      await this.delivery.deliver(notificationId, requestId);
    } catch (error) {
      await this.delivery.recordFailure(notificationId, error, isLastAttempt(job));
      throw error;
    }
  }
}
