import { createHash } from 'node:crypto';
import { BadRequestException, Req } from '@nestjs/common';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { validateWebhookBody } from '../webhooks/request/validate-webhook-body.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { requestIdOf, type WebhookRequest, verifiedBodySha256 } from '../webhooks/request/webhook-request.js';
import { singleHeader } from '../webhooks/verification/webhook-verifier.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { ShopifyOrderDto, ShopifyRefundDto, ShopifyWebhookDto } from './dto/shopify-webhook.dto.js';
import { isShopifyTopic, SHOPIFY_EXAMPLES, SHOPIFY_PROVIDER, SHOPIFY_TOPICS } from './shopify-events.js';
import { shopifyProblem, shopifyReference } from './shopify-payment.js';

const TOPIC_HEADER = 'x-shopify-topic';
const WEBHOOK_ID_HEADER = 'x-shopify-webhook-id';
/** Width of webhook_events.event_type. */
const EVENT_TYPE_MAX_LENGTH = 100;

const DTO_OF_TOPIC = { 'orders/paid': ShopifyOrderDto, 'refunds/create': ShopifyRefundDto } as const;

@WebhookController()
export class ShopifyWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(SHOPIFY_PROVIDER, {
    summary: 'Shopify, as it posts natively: topics orders/paid and refunds/create (header X-Shopify-Topic)',
    events: SHOPIFY_TOPICS,
    schemes: ['shopify'],
    body: ShopifyWebhookDto,
    examples: SHOPIFY_EXAMPLES,
  })
  async receive(@WebhookBody() body: Record<string, unknown>, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    const topic = singleHeader(request.headers, TOPIC_HEADER);
    const common = {
      provider: SHOPIFY_PROVIDER,
      dedupeKey: shopifyDedupeKey(request),
      payload: body,
      requestId: requestIdOf(request),
      bodySha256: verifiedBodySha256(request),
    };
    // Shopify removes a subscription after 8 failed deliveries: a topic not acted on is recorded and answered 200.
    if (!isShopifyTopic(topic))
      return this.inbox.accept({ ...common, eventType: (topic ?? 'unknown').slice(0, EVENT_TYPE_MAX_LENGTH), ignored: true });
    const webhook = await validateWebhookBody<ShopifyOrderDto | ShopifyRefundDto>(DTO_OF_TOPIC[topic], body);
    const problem = shopifyProblem(topic, webhook);
    if (problem) throw new BadRequestException(problem);
    return this.inbox.accept({ ...common, eventType: topic, reference: shopifyReference(topic, webhook) });
  }
}

/** X-Shopify-Webhook-Id, the same on every retry; without it, the exact bytes (a retry sends the same ones). */
function shopifyDedupeKey(request: WebhookRequest): string {
  const webhookId = singleHeader(request.headers, WEBHOOK_ID_HEADER);
  if (webhookId) return `id:${webhookId}`;
  return `sha256:${createHash('sha256').update(request.body).digest('hex')}`;
}
