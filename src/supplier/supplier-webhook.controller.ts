import { BadRequestException, Req } from '@nestjs/common';
import { requestIdOf, webhookDedupeKey, type WebhookRequest, verifiedBodySha256 } from '../webhooks/request/webhook-request.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { CodesCipherService } from './codes-cipher.service.js';
import { supplierKnownFields, supplierPayloadProblem, SupplierWebhookDto } from './dto/supplier-webhook.dto.js';
import { supplierDedupeKey } from './supplier-dedupe-key.js';
import { SUPPLIER_EVENTS, SUPPLIER_EXAMPLES, SUPPLIER_PROVIDER } from './supplier-events.js';

@WebhookController()
export class SupplierWebhookController {
  constructor(
    private readonly inbox: WebhookInboxService,
    private readonly codes: CodesCipherService,
  ) {}

  @WebhookEndpoint(SUPPLIER_PROVIDER, {
    summary: 'Digital-goods supplier: order.created, order.fulfilled, order.failed, order.refunded, balance.low',
    events: SUPPLIER_EVENTS,
    body: SupplierWebhookDto,
    examples: SUPPLIER_EXAMPLES,
  })
  receive(@WebhookBody(supplierKnownFields) body: SupplierWebhookDto, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    const problem = supplierPayloadProblem(body);
    if (problem) throw new BadRequestException(problem);
    return this.inbox.accept({
      provider: SUPPLIER_PROVIDER,
      eventType: body.event,
      dedupeKey: webhookDedupeKey(request, () => supplierDedupeKey(body)),
      reference: body.data.reference ?? null,
      // Sealed before the inbox stores it: no clear code ever reaches a table.
      payload: this.codes.sealItems(body),
      requestId: requestIdOf(request),
      bodySha256: verifiedBodySha256(request),
    });
  }
}
