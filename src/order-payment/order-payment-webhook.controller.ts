import { Req } from '@nestjs/common';
import { requestIdOf, webhookDedupeKey, type WebhookRequest, verifiedBodySha256 } from '../webhooks/request/webhook-request.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { OrderPaymentWebhookDto } from './dto/order-payment-webhook.dto.js';
import { ORDER_PAYMENT_EVENTS, ORDER_PAYMENT_EXAMPLES, ORDER_PAYMENT_PROVIDER } from './order-payment-events.js';

@WebhookController()
export class OrderPaymentWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(ORDER_PAYMENT_PROVIDER, {
    summary:
      'Storefront order payment: the order with orderPayment.status (PAID, with the order amount and currency, confirms the payment; a digital order is delivered once its codes are)',
    events: ORDER_PAYMENT_EVENTS,
    body: OrderPaymentWebhookDto,
    examples: ORDER_PAYMENT_EXAMPLES,
  })
  receive(@WebhookBody() body: OrderPaymentWebhookDto, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    return this.inbox.accept({
      provider: ORDER_PAYMENT_PROVIDER,
      eventType: 'order.payment',
      dedupeKey: webhookDedupeKey(request, () => orderPaymentDedupeKey(body)),
      reference: body.id,
      payload: body,
      requestId: requestIdOf(request),
      bodySha256: verifiedBodySha256(request),
    });
  }
}

/**
 * The storefront sends no event id: the order, the status it reports, and its
 * payment id and change time identify an event, as a JSON array (no field
 * can run into the next; one left out is null).
 */
export function orderPaymentDedupeKey({ id, orderPayment, updatedAt }: OrderPaymentWebhookDto): string {
  return JSON.stringify([id, orderPayment.status, orderPayment.paymentId ?? null, updatedAt ?? null]);
}
