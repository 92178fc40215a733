import { BadRequestException, Req } from '@nestjs/common';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { validateWebhookBody } from '../webhooks/request/validate-webhook-body.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { requestIdOf, type WebhookRequest } from '../webhooks/request/webhook-request.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { ShiprocketWebhookDto } from './dto/shiprocket-webhook.dto.js';
import { SHIPROCKET_EVENTS, SHIPROCKET_EXAMPLES, SHIPROCKET_PROVIDER } from './shiprocket-events.js';
import {
  shiprocketBodySha256,
  shiprocketDedupeKey,
  shiprocketEvent,
  shiprocketIgnoredType,
  shiprocketOrderId,
  shiprocketProblem,
} from './shiprocket-scan.js';

@WebhookController()
export class ShiprocketWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(SHIPROCKET_PROVIDER, {
    summary:
      'Shiprocket tracking, as it posts natively: shipment_status_id 6, 42 (shipped), 18, 38 (in transit), 17 (out for delivery), 7 (delivered), 21 (undelivered)',
    events: SHIPROCKET_EVENTS,
    schemes: ['static-token'],
    body: ShiprocketWebhookDto,
    examples: SHIPROCKET_EXAMPLES,
  })
  async receive(@WebhookBody() body: Record<string, unknown>, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    const common = {
      provider: SHIPROCKET_PROVIDER,
      dedupeKey: shiprocketDedupeKey(body, request.body),
      payload: body,
      requestId: requestIdOf(request),
      bodySha256: shiprocketBodySha256(body, request.body),
    };
    const event = shiprocketEvent(body);
    // Shiprocket expects 200 for every delivery: a status not acted on (RTO, pickup, a return's scans) is recorded and answered 200.
    if (!event)
      return this.inbox.accept({ ...common, eventType: shiprocketIgnoredType(body), reference: shiprocketOrderId(body), ignored: true });
    const webhook = await validateWebhookBody(ShiprocketWebhookDto, body);
    const problem = shiprocketProblem(webhook);
    if (problem) throw new BadRequestException(problem);
    return this.inbox.accept({ ...common, eventType: event, reference: shiprocketOrderId(webhook) });
  }
}
