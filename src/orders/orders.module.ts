import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { Order } from './order.entity.js';
import { OrderDetailsRegistry } from './order-details.registry.js';
import { OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Order]), WebhooksModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrdersRepository, OrderDetailsRegistry],
  exports: [OrdersRepository, OrderDetailsRegistry],
})
export class OrdersModule {}
