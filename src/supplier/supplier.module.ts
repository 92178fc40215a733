import { BullModule } from '@nestjs/bull';
import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OrderDetailsRegistry } from '../orders/order-details.registry.js';
import { OrdersModule } from '../orders/orders.module.js';
import { ReconciliationModule } from '../reconciliation/reconciliation.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CodesCipherService } from './codes-cipher.service.js';
import { DigitalCode } from './digital-code.entity.js';
import { DigitalGoodsTemplates } from './digital-goods-notifications.js';
import { RefundRequest } from './refund-request.entity.js';
import { SupplierOrder } from './supplier-order.entity.js';
import { SupplierOrdersRepository } from './supplier-orders.repository.js';
import { SupplierWebhookHandler } from './supplier-webhook.handler.js';
import { SupplierReconciliationSource } from './supplier-reconciliation.source.js';
import { SupplierWebhookController } from './supplier-webhook.controller.js';
import { IntegrationEventsModule } from '../integration-events/integration-events.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { stalledJobSettings } from '../common/queue/stalled-job-settings.js';
import { AppConfig } from '../config/app-config.js';
import { DatabaseModule } from '../database/database.module.js';
import { DigitalPaymentEffectsService } from './digital-payment-effects.service.js';
import { SupplierOrderPlacementQueueService } from './supplier-order-placement-queue.service.js';
import { SUPPLIER_ORDERS_QUEUE } from './supplier-order-placement-queue.js';
import { SupplierOrderPlacement } from './supplier-order-placement.entity.js';
import { SupplierOrderPlacementService } from './supplier-order-placement.service.js';
import { SupplierOrderPlacementsAdminController } from './supplier-order-placements-admin.controller.js';
import { SupplierOrderPlacementsRepository } from './supplier-order-placements.repository.js';

/**
 * The digital-goods supplier: its webhook, supplier orders with their SLA
 * deadline and its alert, sealed codes, refund requests, and the
 * reconciliation source that asks the supplier about orders it has not fulfilled,
 * and the placement of paid digital orders with the supplier (an outbox; its
 * worker is SupplierWorkerModule). The payment handlers call DigitalPaymentEffectsService.
 */
@Module({
  imports: [
    IntegrationEventsModule,
    TypeOrmModule.forFeature([SupplierOrder, DigitalCode, RefundRequest, SupplierOrderPlacement]),
    BullModule.registerQueueAsync({
      name: SUPPLIER_ORDERS_QUEUE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ settings: stalledJobSettings(config) }),
    }),
    AuditModule,
    DatabaseModule,
    WebhooksModule,
    NotificationsModule,
    OrdersModule,
    ReconciliationModule,
  ],
  controllers: [SupplierWebhookController, SupplierOrderPlacementsAdminController],
  providers: [
    CodesCipherService,
    SupplierOrdersRepository,
    SupplierWebhookHandler,
    DigitalGoodsTemplates,
    SupplierReconciliationSource,
    SupplierOrderPlacementsRepository,
    SupplierOrderPlacementQueueService,
    SupplierOrderPlacementService,
    DigitalPaymentEffectsService,
  ],
  exports: [
    DigitalPaymentEffectsService,
    SupplierOrderPlacementService,
    SupplierOrderPlacementsRepository,
    SupplierOrderPlacementQueueService,
    BullModule,
  ],
})
export class SupplierModule implements OnModuleInit {
  constructor(
    private readonly details: OrderDetailsRegistry,
    private readonly supplierOrders: SupplierOrdersRepository,
  ) {}

  onModuleInit(): void {
    this.details.register('supplierOrder', (orderId) => this.supplierOrders.section(orderId));
    this.details.register('refundRequests', (orderId) => this.supplierOrders.refundRequests(orderId));
  }
}
