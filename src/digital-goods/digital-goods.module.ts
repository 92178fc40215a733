import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrderDetailsRegistry } from '../orders/order-details.registry.js';
import { CodesCipher } from './codes-cipher.service.js';
import { DigitalCode } from './digital-code.entity.js';
import { DigitalGoodsTemplates } from './digital-goods-notifications.js';
import { RefundRequest } from './refund-request.entity.js';
import { SupplierOrder } from './supplier-order.entity.js';
import { SupplierOrdersRepository } from './supplier-orders.repository.js';
import { SupplierWebhookHandlers } from './supplier-webhook.handlers.js';
import { SupplierController } from './supplier.controller.js';

/**
 * The digital-goods supplier: its webhook, supplier orders with their SLA
 * deadline, sealed codes and refund requests. Exports SupplierOrdersRepository
 * for the reconciliation's overdue query, and CodesCipher so that a supplier
 * answer it puts in the inbox has its codes sealed like a webhook's.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SupplierOrder, DigitalCode, RefundRequest])],
  controllers: [SupplierController],
  providers: [CodesCipher, SupplierOrdersRepository, SupplierWebhookHandlers, DigitalGoodsTemplates],
  exports: [SupplierOrdersRepository, CodesCipher],
})
export class DigitalGoodsModule implements OnModuleInit {
  constructor(
    private readonly details: OrderDetailsRegistry,
    private readonly supplierOrders: SupplierOrdersRepository,
  ) {}

  onModuleInit(): void {
    this.details.register('supplierOrder', (orderId) => this.supplierOrders.section(orderId));
    this.details.register('refundRequests', (orderId) => this.supplierOrders.refundRequests(orderId));
  }
}
