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

/**
 * The digital-goods supplier: its webhook, supplier orders with their SLA
 * deadline and its alert, sealed codes, refund requests, and the
 * reconciliation source that asks the supplier about orders it has not fulfilled.
 */
@Module({
  imports: [
    IntegrationEventsModule,
    TypeOrmModule.forFeature([SupplierOrder, DigitalCode, RefundRequest]),
    WebhooksModule,
    NotificationsModule,
    OrdersModule,
    ReconciliationModule,
  ],
  controllers: [SupplierWebhookController],
  providers: [CodesCipherService, SupplierOrdersRepository, SupplierWebhookHandler, DigitalGoodsTemplates, SupplierReconciliationSource],
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
