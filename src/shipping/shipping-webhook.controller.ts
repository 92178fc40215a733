import { Req } from '@nestjs/common';
import { requestIdOf, webhookDedupeKey, type WebhookRequest, verifiedBodySha256 } from '../webhooks/request/webhook-request.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { scanTime, ShippingWebhookDto } from './dto/shipping-webhook.dto.js';
import { SHIPPING_EVENTS, SHIPPING_EXAMPLES, SHIPPING_PROVIDER } from './shipping-events.js';

@WebhookController()
export class ShippingWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(SHIPPING_PROVIDER, {
    summary: `Logistics partner: ${SHIPPING_EVENTS.join(', ')}`,
    events: SHIPPING_EVENTS,
    body: ShippingWebhookDto,
    examples: SHIPPING_EXAMPLES,
  })
  receive(@WebhookBody() body: ShippingWebhookDto, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    return this.inbox.accept({
      provider: SHIPPING_PROVIDER,
      eventType: body.event,
      dedupeKey: webhookDedupeKey(request, () => shippingDedupeKey(body)),
      reference: body.order_id,
      payload: body,
      requestId: requestIdOf(request),
      bodySha256: verifiedBodySha256(request),
    });
  }
}

/**
 * The partner's own event id when it sends one; else this scan of this parcel
 * of this order at this time, as a JSON array (no field can run into the
 * next). The order is part of it: a scan of the same AWB for another order
 * is another event (the handler refuses it on its own terms), not a duplicate.
 */
export function shippingDedupeKey(body: ShippingWebhookDto): string {
  if (body.event_id) return `id:${body.event_id}`;
  return JSON.stringify([body.event, body.order_id, body.awb, scanTime(body)]);
}
