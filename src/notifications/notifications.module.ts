import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { retrySchedule } from '../common/queue/retry-schedule.js';
import { stalledJobSettings } from '../common/queue/stalled-job-settings.js';
import { AppConfig } from '../config/app-config.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { Notification } from './notification.entity.js';
import { NotificationOutboxService } from './notification-outbox.service.js';
import { NotificationQueueService } from './notification-queue.service.js';
import { NOTIFICATION_BACKOFF, NOTIFICATIONS_QUEUE } from './notification-queue.js';
import { NotificationTemplateRegistry } from './notification-templates.registry.js';
import { NotificationsRepository } from './notifications.repository.js';
import { OpsAlerts } from './ops-alerts.js';

/** The outbox, its templates and queue, and ops alerts. What sends it is NotificationsWorkerModule. */
@Module({
  imports: [
    WebhooksModule,
    TypeOrmModule.forFeature([Notification]),
    BullModule.registerQueueAsync({
      name: NOTIFICATIONS_QUEUE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        settings: {
          ...stalledJobSettings(config),
          backoffStrategies: { [NOTIFICATION_BACKOFF]: retrySchedule(config.notifications.retryDelaysMs) },
        },
      }),
    }),
  ],
  providers: [NotificationsRepository, NotificationOutboxService, NotificationTemplateRegistry, NotificationQueueService, OpsAlerts],
  exports: [
    NotificationsRepository,
    NotificationOutboxService,
    NotificationTemplateRegistry,
    NotificationQueueService,
    OpsAlerts,
    BullModule,
  ],
})
export class NotificationsModule {}
