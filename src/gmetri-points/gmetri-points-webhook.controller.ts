import { Req } from '@nestjs/common';
import { requestIdOf, webhookDedupeKey, type WebhookRequest, verifiedBodySha256 } from '../webhooks/request/webhook-request.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { PointsWebhookDto } from './dto/points-webhook.dto.js';
import { GMETRI_POINTS_PROVIDER, POINTS_EVENTS, POINTS_EXAMPLES } from './points-events.js';

@WebhookController()
export class GmetriPointsWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(GMETRI_POINTS_PROVIDER, {
    summary: 'Loyalty platform (Gmetri): points.updated (credit or debit), transfer.completed',
    events: POINTS_EVENTS,
    body: PointsWebhookDto,
    examples: POINTS_EXAMPLES,
  })
  receive(@WebhookBody() body: PointsWebhookDto, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    return this.inbox.accept({
      provider: GMETRI_POINTS_PROVIDER,
      eventType: body.event,
      dedupeKey: webhookDedupeKey(request, () => pointsDedupeKey(body)),
      reference: body.transferId,
      payload: body,
      requestId: requestIdOf(request),
      bodySha256: verifiedBodySha256(request),
    });
  }
}

/**
 * A transfer is named by its id (the ledger records each transfer id once): a
 * second delivery of the same event for it is a duplicate when its body is
 * the same, and a conflict when it is not (a debit reusing a credit's id).
 * A JSON array, so no field can run into the next.
 */
export function pointsDedupeKey(body: Pick<PointsWebhookDto, 'event' | 'transferId'>): string {
  return JSON.stringify([body.event, body.transferId]);
}
