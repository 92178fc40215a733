import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { EmailChannel } from './channels/email.channel.js';
import { NOTIFICATION_CHANNEL_SENDERS, type NotificationChannelSender } from './channels/notification-channel.js';
import { SlackChannel } from './channels/slack.channel.js';
import { SmsChannel } from './channels/sms.channel.js';
import { NotificationDeliveryService } from './notification-delivery.service.js';
import { NotificationSweeperService } from './notification-sweeper.service.js';
import { NotificationsModule } from './notifications.module.js';
import { NotificationsProcessor } from './notifications.processor.js';

const CHANNELS = [SlackChannel, EmailChannel, SmsChannel];

/** Where APP_ROLE runs workers: the channels, the queue's processor and the sweeper. */
@Module({
  imports: [NotificationsModule, AuditModule, DatabaseModule],
  providers: [
    ...CHANNELS,
    { provide: NOTIFICATION_CHANNEL_SENDERS, inject: CHANNELS, useFactory: (...senders: NotificationChannelSender[]) => senders },
    NotificationDeliveryService,
    NotificationsProcessor,
    NotificationSweeperService,
  ],
})
export class NotificationsWorkerModule {}
