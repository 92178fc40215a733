import { Module } from '@nestjs/common';
import { PaymentModule } from '../payment/payment.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { StripeWebhookController } from './stripe-webhook.controller.js';
import { StripeWebhookHandler } from './stripe-webhook.handler.js';

/** Stripe posting natively (Stripe-Signature under the whsec_… secret), mapped onto the payment gateway's handler. */
@Module({
  imports: [WebhooksModule, PaymentModule],
  controllers: [StripeWebhookController],
  providers: [StripeWebhookHandler],
})
export class StripeModule {}
