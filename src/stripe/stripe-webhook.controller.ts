import { createHash } from 'node:crypto';
import { BadRequestException, Req } from '@nestjs/common';
import { type InboxReceipt, WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { validateWebhookBody } from '../webhooks/request/validate-webhook-body.js';
import { WebhookBody } from '../webhooks/request/webhook-body.decorator.js';
import { namedEventType, requestIdOf, type WebhookRequest, verifiedBodySha256 } from '../webhooks/request/webhook-request.js';
import { WebhookController, WebhookEndpoint } from '../webhooks/webhook-endpoint.decorator.js';
import { STRIPE_EVENT_DTO, StripeEventDto } from './dto/stripe-webhook.dto.js';
import { isStripeEvent, STRIPE_EVENTS, STRIPE_EXAMPLES, STRIPE_PROVIDER } from './stripe-events.js';
import { stripeOrderId, stripeProblem } from './stripe-payment.js';

@WebhookController()
export class StripeWebhookController {
  constructor(private readonly inbox: WebhookInboxService) {}

  @WebhookEndpoint(STRIPE_PROVIDER, {
    summary:
      'Stripe, as it posts natively: payment_intent.succeeded, checkout.session.completed, payment_intent.payment_failed, charge.refunded',
    events: STRIPE_EVENTS,
    schemes: ['stripe'],
    body: StripeEventDto,
    examples: STRIPE_EXAMPLES,
  })
  async receive(@WebhookBody() body: Record<string, unknown>, @Req() request: WebhookRequest): Promise<InboxReceipt> {
    const common = {
      provider: STRIPE_PROVIDER,
      dedupeKey: stripeDedupeKey(body, request),
      payload: body,
      requestId: requestIdOf(request),
      bodySha256: verifiedBodySha256(request),
    };
    // Stripe disables an endpoint that keeps failing: an event not acted on is recorded and answered 200.
    if (!isStripeEvent(body.type)) return this.inbox.accept({ ...common, eventType: namedEventType(body.type), ignored: true });
    // The shape of data.object depends on the type: a PaymentIntent, a Checkout Session or a Charge.
    const webhook = await validateWebhookBody(STRIPE_EVENT_DTO[body.type], body);
    const problem = stripeProblem(webhook);
    if (problem) throw new BadRequestException(problem);
    return this.inbox.accept({ ...common, eventType: webhook.type, reference: stripeOrderId(webhook) });
  }
}

/** The event's `id` (`evt_…`), the same on every retry; without one, the exact bytes (a retry sends the same ones). */
function stripeDedupeKey(body: Record<string, unknown>, request: WebhookRequest): string {
  if (typeof body.id === 'string' && body.id.length > 0) return `id:${body.id}`;
  return `sha256:${createHash('sha256').update(request.body).digest('hex')}`;
}
