import { Module } from '@nestjs/common';
import { PaymentModule } from '../payment/payment.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { RazorpayWebhookController } from './razorpay-webhook.controller.js';
import { RazorpayWebhookHandler } from './razorpay-webhook.handler.js';

/** Razorpay posting natively (X-Razorpay-Signature), mapped onto the payment gateway's handler. */
@Module({
  imports: [WebhooksModule, PaymentModule],
  controllers: [RazorpayWebhookController],
  providers: [RazorpayWebhookHandler],
})
export class RazorpayModule {}
