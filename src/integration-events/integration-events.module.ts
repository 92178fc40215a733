import { BullModule } from '@nestjs/bull';
import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { stalledJobSettings } from '../common/queue/stalled-job-settings.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { IntegrationDeliveriesAdminService } from './integration-deliveries-admin.service.js';
import { IntegrationAlerts } from './integration-alerts.js';
import { IntegrationDeliveriesAdminController } from './integration-deliveries-admin.controller.js';
import { IntegrationDeliveryQueueService } from './integration-delivery-queue.service.js';
import { INTEGRATION_QUEUE } from './integration-delivery-queue.js';
import { IntegrationDelivery } from './integration-delivery.entity.js';
import { IntegrationEvent } from './integration-event.entity.js';
import { IntegrationEventsRepository } from './integration-events.repository.js';
import { IntegrationEventsService } from './integration-events.service.js';
import { IntegrationSubscriberState } from './integration-subscriber-state.entity.js';
import { IntegrationSubscribersAdminController } from './integration-subscribers-admin.controller.js';

/**
 * Integration events: the outbox handlers write through
 * IntegrationEventsService, its queue, alerts and operator API. What sends
 * them is IntegrationEventsWorkerModule.
 */
@Module({
  imports: [
    NotificationsModule,
    TypeOrmModule.forFeature([IntegrationEvent, IntegrationDelivery, IntegrationSubscriberState]),
    BullModule.registerQueueAsync({
      name: INTEGRATION_QUEUE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ settings: stalledJobSettings(config) }),
    }),
  ],
  controllers: [IntegrationDeliveriesAdminController, IntegrationSubscribersAdminController],
  providers: [
    IntegrationEventsRepository,
    IntegrationEventsService,
    IntegrationDeliveryQueueService,
    IntegrationAlerts,
    IntegrationDeliveriesAdminService,
  ],
  exports: [IntegrationEventsRepository, IntegrationEventsService, IntegrationDeliveryQueueService, IntegrationAlerts, BullModule],
})
export class IntegrationEventsModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly repository: IntegrationEventsRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.readIntegrationBacklogFrom(() => this.repository.backlog());
  }
}
