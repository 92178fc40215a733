import { Module } from '@nestjs/common';
import { OrderPaymentModule } from '../order-payment/order-payment.module.js';
import { PaymentModule } from '../payment/payment.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { ShopifyWebhookController } from './shopify-webhook.controller.js';
import { ShopifyWebhookHandler } from './shopify-webhook.handler.js';

/** Shopify posting natively (X-Shopify-Hmac-Sha256): orders/paid onto the storefront's PAID, refunds/create onto the gateway's refund. */
@Module({
  imports: [WebhooksModule, OrderPaymentModule, PaymentModule],
  controllers: [ShopifyWebhookController],
  providers: [ShopifyWebhookHandler],
})
export class ShopifyModule {}
