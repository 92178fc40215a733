import { Module } from '@nestjs/common';
import { PaymentModule } from '../payment/payment.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CashfreeWebhookController } from './cashfree-webhook.controller.js';
import { CashfreeWebhookHandler } from './cashfree-webhook.handler.js';

/** Cashfree Payments posting natively (x-webhook-signature over timestamp and body), mapped onto the payment gateway's handler. */
@Module({
  imports: [WebhooksModule, PaymentModule],
  controllers: [CashfreeWebhookController],
  providers: [CashfreeWebhookHandler],
})
export class CashfreeModule {}
