import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Notification } from './notification.entity.js';
import { NotificationOutbox } from './notification-outbox.service.js';
import { NotificationTemplateRegistry } from './notification-templates.registry.js';

/** The outbox, its templates, and (where APP_ROLE runs workers) the queue that sends it. */
@Global()
@Module({})
export class NotificationsModule {
  static forRoot(_options: { runsWorkers: boolean }): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [TypeOrmModule.forFeature([Notification])],
      providers: [NotificationOutbox, NotificationTemplateRegistry],
      exports: [NotificationOutbox, NotificationTemplateRegistry],
    };
  }
}
