import { Injectable } from '@nestjs/common';
import { ShippingWebhookHandler } from '../shipping/shipping-webhook.handler.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { PermanentWebhookError } from '../webhooks/processing/permanent-webhook.error.js';
import type { HandlerResult, WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { ShiprocketWebhookDto } from './dto/shiprocket-webhook.dto.js';
import { SHIPROCKET_EVENTS, SHIPROCKET_PROVIDER } from './shiprocket-events.js';
import { type ShiprocketBody, shiprocketScan, shiprocketUnappliable } from './shiprocket-scan.js';

/** Applies Shiprocket's tracking statuses as the carrier scans they amount to: the shipping transition table, times from IST. */
@Injectable()
export class ShiprocketWebhookHandler {
  constructor(private readonly shipping: ShippingWebhookHandler) {}

  @OnWebhook(SHIPROCKET_PROVIDER, ...SHIPROCKET_EVENTS)
  apply(context: WebhookHandlerContext<ShiprocketWebhookDto>): Promise<HandlerResult> {
    const body: ShiprocketBody = context.event.payload;
    // The controller refused such payloads; one stored otherwise (an old row replayed) can never apply.
    const unappliable = shiprocketUnappliable(body);
    if (unappliable) throw new PermanentWebhookError(unappliable);
    return this.shipping.applyScan(context, shiprocketScan(body));
  }
}
