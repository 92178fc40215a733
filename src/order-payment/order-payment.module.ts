import { SupplierModule } from '../supplier/supplier.module.js';
import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module.js';
import { PaymentModule } from '../payment/payment.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { OrderPaymentWebhookHandler } from './order-payment-webhook.handler.js';
import { OrderPaymentWebhookController } from './order-payment-webhook.controller.js';
import { IntegrationEventsModule } from '../integration-events/integration-events.module.js';

/** The storefront's order payment webhook: PAID confirms the payment (and delivers a digital order that needs no supplier any more). */
@Module({
  imports: [IntegrationEventsModule, WebhooksModule, OrdersModule, PaymentModule, SupplierModule],
  controllers: [OrderPaymentWebhookController],
  providers: [OrderPaymentWebhookHandler],
  // Native storefronts (Shopify) confirm payments through it.
  exports: [OrderPaymentWebhookHandler],
})
export class OrderPaymentModule {}
