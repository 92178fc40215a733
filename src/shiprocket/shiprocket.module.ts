import { Module } from '@nestjs/common';
import { ShippingModule } from '../shipping/shipping.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { ShiprocketWebhookController } from './shiprocket-webhook.controller.js';
import { ShiprocketWebhookHandler } from './shiprocket-webhook.handler.js';

/** Shiprocket posting natively (a static token in X-Api-Key; pair it with WEBHOOK_ALLOWED_IPS_SHIPROCKET), mapped onto the shipping partner's handler. */
@Module({
  imports: [WebhooksModule, ShippingModule],
  controllers: [ShiprocketWebhookController],
  providers: [ShiprocketWebhookHandler],
})
export class ShiprocketModule {}
