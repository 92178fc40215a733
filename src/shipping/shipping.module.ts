import { type OnModuleInit, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrderDetailsRegistry } from '../orders/order-details.registry.js';
import { ShipmentScan } from './shipment-scan.entity.js';
import { ShipmentTracking } from './shipment-tracking.service.js';
import { Shipment } from './shipment.entity.js';
import { ShippingController } from './shipping.controller.js';
import { ShippingNotificationTemplates } from './shipping-notifications.js';
import { ShippingWebhookHandlers } from './shipping-webhook.handlers.js';

/** The logistics partner's webhook: shipments, their tracking history and the order's fulfilment. */
@Module({
  imports: [TypeOrmModule.forFeature([Shipment, ShipmentScan])],
  controllers: [ShippingController],
  providers: [ShipmentTracking, ShippingWebhookHandlers, ShippingNotificationTemplates],
})
export class ShippingModule implements OnModuleInit {
  constructor(
    private readonly details: OrderDetailsRegistry,
    private readonly tracking: ShipmentTracking,
  ) {}

  onModuleInit(): void {
    this.details.register('shipments', (orderId) => this.tracking.forOrder(orderId));
  }
}
