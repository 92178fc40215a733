import { Controller, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { WebhookRequest } from '../common/http/webhook-request.js';
import { WebhookBody } from '../webhooks/webhook-body.decorator.js';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/webhook-inbox.service.js';
import { PaymentWebhookDto } from './dto/payment-webhook.dto.js';
import { PAYMENT_EXAMPLES, PAYMENT_PROVIDER } from './payment-events.js';

@ApiTags('webhooks')
@Controller('api/v2/webhook')
export class PaymentsController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(PAYMENT_PROVIDER, {
    summary: 'Payment gateway: payment.success, payment.failed, refund.initiated, refund.completed',
    body: PaymentWebhookDto,
    examples: PAYMENT_EXAMPLES,
  })
  receive(@WebhookBody() body: PaymentWebhookDto, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    return this.inbox.accept({
      provider: PAYMENT_PROVIDER,
      eventType: body.event,
      dedupeKey: paymentDedupeKey(body),
      reference: body.order_id,
      payload: body,
      requestId: request.id?.toString(),
    });
  }
}

/** The gateway's own event id when it sends one; else what identifies this event of this payment. */
export function paymentDedupeKey(body: PaymentWebhookDto): string {
  if (body.event_id) return `id:${body.event_id}`;
  return [body.event, body.order_id, body.payment_id, body.refund_id, body.timestamp].map((part) => part ?? '').join('|');
}
