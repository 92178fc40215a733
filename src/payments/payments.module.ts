import { Module } from '@nestjs/common';
import { PaymentNotifications } from './payment-notifications.js';
import { PaymentWebhookHandlers } from './payment-webhook.handlers.js';
import { PaymentsController } from './payments.controller.js';

@Module({
  controllers: [PaymentsController],
  providers: [PaymentWebhookHandlers, PaymentNotifications],
  // The storefront's PAID confirms a payment too, with the same e-mail.
  exports: [PaymentNotifications],
})
export class PaymentsModule {}
