import { type OnModuleInit, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OrderDetailsRegistry } from '../orders/order-details.registry.js';
import { OrdersModule } from '../orders/orders.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { ShipmentScan } from './shipment-scan.entity.js';
import { Shipment } from './shipment.entity.js';
import { ShipmentsRepository } from './shipments.repository.js';
import { ShippingWebhookController } from './shipping-webhook.controller.js';
import { ShippingNotificationTemplates } from './shipping-notifications.js';
import { ShippingWebhookHandler } from './shipping-webhook.handler.js';
import { IntegrationEventsModule } from '../integration-events/integration-events.module.js';

/** The logistics partner's webhook: shipments, their tracking history and the order's fulfilment. */
@Module({
  imports: [IntegrationEventsModule, TypeOrmModule.forFeature([Shipment, ShipmentScan]), WebhooksModule, NotificationsModule, OrdersModule],
  controllers: [ShippingWebhookController],
  providers: [ShipmentsRepository, ShippingWebhookHandler, ShippingNotificationTemplates],
  // Native couriers (Shiprocket) apply their scans through it.
  exports: [ShippingWebhookHandler],
})
export class ShippingModule implements OnModuleInit {
  constructor(
    private readonly details: OrderDetailsRegistry,
    private readonly shipments: ShipmentsRepository,
  ) {}

  onModuleInit(): void {
    this.details.register('shipments', (orderId) => this.shipments.forOrder(orderId));
  }
}
