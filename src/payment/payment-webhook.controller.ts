import { Req } from '@nestjs/common';
import { requestIdOf, webhookDedupeKey, type WebhookRequest, verifiedBodySha256 } from '../webhooks/request/webhook-request.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { PaymentWebhookDto } from './dto/payment-webhook.dto.js';
import { paymentDedupeKey } from './payment-dedupe-key.js';
import { PAYMENT_EVENTS, PAYMENT_EXAMPLES, PAYMENT_PROVIDER } from './payment-events.js';

@WebhookController()
export class PaymentWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(PAYMENT_PROVIDER, {
    summary: 'Payment gateway: payment.success, payment.failed, refund.initiated, refund.completed',
    events: PAYMENT_EVENTS,
    body: PaymentWebhookDto,
    examples: PAYMENT_EXAMPLES,
  })
  receive(@WebhookBody() body: PaymentWebhookDto, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    return this.inbox.accept({
      provider: PAYMENT_PROVIDER,
      eventType: body.event,
      dedupeKey: webhookDedupeKey(request, () => paymentDedupeKey(body)),
      reference: body.order_id,
      payload: body,
      requestId: requestIdOf(request),
      bodySha256: verifiedBodySha256(request),
    });
  }
}
