import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module.js';
import { OrderPaymentWebhookHandlers } from './order-payment-webhook.handlers.js';
import { OrderPaymentController } from './order-payment.controller.js';

/** The storefront's order payment webhook. */
@Module({
  imports: [PaymentsModule],
  controllers: [OrderPaymentController],
  providers: [OrderPaymentWebhookHandlers],
})
export class StorefrontModule {}
