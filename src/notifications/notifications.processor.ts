import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../config/app-config.js';
import { NotificationDelivery } from './notification-delivery.service.js';
import { NOTIFICATIONS_QUEUE, SEND_NOTIFICATION_JOB, type SendNotificationJob } from './notification-queue.js';

/**
 * The Bull worker of the notifications queue. Registered only where APP_ROLE
 * runs workers; concurrency comes from NOTIFICATION_WORKER_CONCURRENCY.
 */
@Injectable()
export class NotificationsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue<SendNotificationJob>,
    private readonly delivery: NotificationDelivery,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.queue
      .process(SEND_NOTIFICATION_JOB, this.config.notifications.workerConcurrency, (job) => this.process(job))
      .catch((error: Error) => this.logger.error(`notifications worker stopped: ${error.message}`));
  }

  async process(job: Job<SendNotificationJob>): Promise<void> {
    const { notificationId } = job.data;
    try {
      await this.delivery.deliver(notificationId);
    } catch (error) {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.delivery.recordFailure(notificationId, error, final);
      throw error;
    }
  }
}
