import { Module } from '@nestjs/common';
import { OrderPaymentWebhookHandlers } from './order-payment-webhook.handlers.js';
import { OrderPaymentController } from './order-payment.controller.js';

/** The storefront's order payment webhook. */
@Module({
  controllers: [OrderPaymentController],
  providers: [OrderPaymentWebhookHandlers],
})
export class StorefrontModule {}
