import { Injectable } from '@nestjs/common';
import { PaymentWebhookHandler } from '../payment/payment-webhook.handler.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import type { HandlerResult, WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { StripeWebhook } from './dto/stripe-webhook.dto.js';
import { STRIPE_EVENTS, STRIPE_PROVIDER } from './stripe-events.js';
import { stripeOutcome } from './stripe-payment.js';

/** Applies Stripe's events as the gateway events they amount to: the payment transition table, amounts checked in major units. */
@Injectable()
export class StripeWebhookHandler {
  constructor(private readonly payments: PaymentWebhookHandler) {}

  @OnWebhook(STRIPE_PROVIDER, ...STRIPE_EVENTS)
  apply(context: WebhookHandlerContext<StripeWebhook>): Promise<HandlerResult> {
    return this.payments.applyGatewayOutcome(context, stripeOutcome(context.event.payload));
  }
}
