import { BadRequestException, Controller, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { WebhookRequest } from '../common/http/webhook-request.js';
import { WebhookBody } from '../webhooks/webhook-body.decorator.js';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/webhook-inbox.service.js';
import { CodesCipher } from './codes-cipher.service.js';
import { supplierPayloadProblem, SupplierWebhookDto } from './dto/supplier-webhook.dto.js';
import { SUPPLIER_EXAMPLES, SUPPLIER_PROVIDER } from './supplier-events.js';

@ApiTags('webhooks')
@Controller('api/v2/webhook')
export class SupplierController {
  constructor(
    private readonly inbox: WebhookInboxService,
    private readonly codes: CodesCipher,
  ) {}

  @WebhookEndpoint(SUPPLIER_PROVIDER, {
    summary: 'Digital-goods supplier: order.created, order.fulfilled, order.failed, order.refunded, balance.low',
    body: SupplierWebhookDto,
    examples: SUPPLIER_EXAMPLES,
  })
  receive(@WebhookBody() body: SupplierWebhookDto, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    const problem = supplierPayloadProblem(body);
    if (problem) throw new BadRequestException(problem);
    return this.inbox.accept({
      provider: SUPPLIER_PROVIDER,
      eventType: body.event,
      dedupeKey: supplierDedupeKey(body),
      reference: body.data.reference ?? null,
      // Sealed before the inbox stores it: no clear code ever reaches a table.
      payload: this.codes.sealItems(body),
      requestId: request.id?.toString(),
    });
  }
}

/** The supplier sends no event id: its order id (else our reference) and the event's own time identify an event. */
export function supplierDedupeKey({ event, data, timestamp }: SupplierWebhookDto): string {
  return [event, data.order_id ?? data.reference ?? '', timestamp].join('|');
}
