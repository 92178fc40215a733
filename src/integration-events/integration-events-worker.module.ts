import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { IntegrationDeliverySweeperService } from './integration-delivery-sweeper.service.js';
import { IntegrationDeliveryProcessor } from './integration-delivery.processor.js';
import { IntegrationDeliveryService } from './integration-delivery.service.js';
import { IntegrationEventsModule } from './integration-events.module.js';

/** Where APP_ROLE runs workers: the sender, the queue's processor and the sweeper. */
@Module({
  imports: [IntegrationEventsModule, NotificationsModule, AuditModule, DatabaseModule],
  providers: [IntegrationDeliveryService, IntegrationDeliveryProcessor, IntegrationDeliverySweeperService],
})
export class IntegrationEventsWorkerModule {}
