import { Module } from '@nestjs/common';
import { PaymentWebhookHandlers } from './payment-webhook.handlers.js';
import { PaymentsController } from './payments.controller.js';

@Module({
  controllers: [PaymentsController],
  providers: [PaymentWebhookHandlers],
})
export class PaymentsModule {}
