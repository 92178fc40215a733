import { createHash } from 'node:crypto';
import { BadRequestException, Req } from '@nestjs/common';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { validateWebhookBody } from '../webhooks/request/validate-webhook-body.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import {
  namedEventType,
  requestIdOf,
  webhookDedupeKey,
  type WebhookRequest,
  verifiedBodySha256,
} from '../webhooks/request/webhook-request.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { RazorpayWebhookDto } from './dto/razorpay-webhook.dto.js';
import { isRazorpayEvent, RAZORPAY_EVENTS, RAZORPAY_EXAMPLES, RAZORPAY_PROVIDER } from './razorpay-events.js';
import { razorpayOrderId, razorpayProblem } from './razorpay-payment.js';

@WebhookController()
export class RazorpayWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(RAZORPAY_PROVIDER, {
    summary: 'Razorpay, as it posts natively: payment.captured, order.paid, payment.failed, refund.created, refund.processed',
    events: RAZORPAY_EVENTS,
    schemes: ['razorpay'],
    body: RazorpayWebhookDto,
    examples: RAZORPAY_EXAMPLES,
  })
  async receive(@WebhookBody() body: Record<string, unknown>, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    const common = {
      provider: RAZORPAY_PROVIDER,
      dedupeKey: webhookDedupeKey(request, () => bodyDigest(request.body)),
      payload: body,
      requestId: requestIdOf(request),
      bodySha256: verifiedBodySha256(request),
    };
    // Razorpay disables an endpoint after a day of failures: an event not acted on is recorded and answered 200.
    if (!isRazorpayEvent(body.event)) return this.inbox.accept({ ...common, eventType: namedEventType(body.event), ignored: true });
    const webhook = await validateWebhookBody(RazorpayWebhookDto, body);
    const problem = razorpayProblem(webhook);
    if (problem) throw new BadRequestException(problem);
    return this.inbox.accept({ ...common, eventType: webhook.event, reference: razorpayOrderId(webhook) });
  }
}

/** Without X-Razorpay-Event-Id (Razorpay always sends it), the exact bytes: a retry sends the same ones. */
function bodyDigest(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}
