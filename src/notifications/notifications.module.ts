import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { retrySchedule } from '../common/queue/retry-schedule.js';
import { stalledJobSettings } from '../common/queue/stalled-job-settings.js';
import { AppConfig } from '../config/app-config.js';
import { EmailChannel } from './channels/email.channel.js';
import { NOTIFICATION_CHANNEL_SENDERS, type NotificationChannelSender } from './channels/notification-channel.js';
import { SlackChannel } from './channels/slack.channel.js';
import { SmsChannel } from './channels/sms.channel.js';
import { Notification } from './notification.entity.js';
import { NotificationDelivery } from './notification-delivery.service.js';
import { NotificationOutbox } from './notification-outbox.service.js';
import { NotificationQueue } from './notification-queue.service.js';
import { NOTIFICATION_BACKOFF, NOTIFICATIONS_QUEUE } from './notification-queue.js';
import { NotificationSweeper } from './notification-sweeper.service.js';
import { NotificationTemplateRegistry } from './notification-templates.registry.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { OpsAlerts } from './ops-alerts.js';

const CHANNELS = [SlackChannel, EmailChannel, SmsChannel];

/** The outbox, its templates, and (where APP_ROLE runs workers) the queue that sends it. */
@Global()
@Module({})
export class NotificationsModule {
  static forRoot(options: { runsWorkers: boolean }): DynamicModule {
    const workers = [
      ...CHANNELS,
      { provide: NOTIFICATION_CHANNEL_SENDERS, inject: CHANNELS, useFactory: (...senders: NotificationChannelSender[]) => senders },
      NotificationDelivery,
      NotificationsProcessor,
      NotificationSweeper,
    ];
    return {
      module: NotificationsModule,
      imports: [
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
      providers: [NotificationOutbox, NotificationTemplateRegistry, NotificationQueue, OpsAlerts, ...(options.runsWorkers ? workers : [])],
      exports: [NotificationOutbox, NotificationTemplateRegistry],
    };
  }
}
