import { createHash } from 'node:crypto';
import { BadRequestException, Req } from '@nestjs/common';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { validateWebhookBody } from '../webhooks/request/validate-webhook-body.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { namedEventType, requestIdOf, type WebhookRequest, verifiedBodySha256 } from '../webhooks/request/webhook-request.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { CashfreeWebhookDto } from './dto/cashfree-webhook.dto.js';
import { CASHFREE_EVENTS, CASHFREE_EXAMPLES, CASHFREE_PROVIDER, isCashfreeEvent } from './cashfree-events.js';
import { cashfreeEventKey, cashfreeOrderId, cashfreeProblem } from './cashfree-payment.js';

const IDEMPOTENCY_HEADER = 'x-idempotency-key';

@WebhookController()
export class CashfreeWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(CASHFREE_PROVIDER, {
    summary: 'Cashfree Payments, as it posts natively: PAYMENT_SUCCESS, PAYMENT_FAILED, PAYMENT_USER_DROPPED and REFUND_STATUS webhooks',
    events: CASHFREE_EVENTS,
    schemes: ['cashfree'],
    body: CashfreeWebhookDto,
    examples: CASHFREE_EXAMPLES,
  })
  async receive(@WebhookBody() body: Record<string, unknown>, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    const common = { provider: CASHFREE_PROVIDER, payload: body, requestId: requestIdOf(request), bodySha256: verifiedBodySha256(request) };
    // A 4xx to a type not acted on would only make Cashfree retry it: it is recorded and answered 200.
    if (!isCashfreeEvent(body.type)) {
      return this.inbox.accept({
        ...common,
        dedupeKey: cashfreeDedupeKey(request),
        eventType: namedEventType(body.type),
        ignored: true,
      });
    }
    const webhook = await validateWebhookBody(CashfreeWebhookDto, body);
    const problem = cashfreeProblem(webhook);
    if (problem) throw new BadRequestException(problem);
    return this.inbox.accept({
      ...common,
      dedupeKey: cashfreeDedupeKey(request, webhook),
      eventType: webhook.type,
      reference: cashfreeOrderId(webhook),
    });
  }
}

/**
 * x-idempotency-key (version 2025-01-01), the same on every retry; without it
 * the payment or refund it reports (cashfreeEventKey), or for a type not
 * acted on the exact bytes (a retry sends the same ones).
 */
function cashfreeDedupeKey(request: WebhookRequest, webhook?: CashfreeWebhookDto): string {
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (typeof key === 'string' && key.length > 0) return `id:${key}`;
  if (webhook) return cashfreeEventKey(webhook);
  return `sha256:${createHash('sha256').update(request.body).digest('hex')}`;
}
