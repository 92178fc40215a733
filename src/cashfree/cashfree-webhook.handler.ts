import { Injectable } from '@nestjs/common';
import { PaymentWebhookHandler } from '../payment/payment-webhook.handler.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import type { HandlerResult, WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { CashfreeWebhookDto } from './dto/cashfree-webhook.dto.js';
import { CASHFREE_EVENTS, CASHFREE_PROVIDER } from './cashfree-events.js';
import { cashfreeOutcome } from './cashfree-payment.js';

/** Applies Cashfree's webhooks as the gateway events they amount to: the payment transition table, amounts checked in rupees. */
@Injectable()
export class CashfreeWebhookHandler {
  constructor(private readonly payments: PaymentWebhookHandler) {}

  @OnWebhook(CASHFREE_PROVIDER, ...CASHFREE_EVENTS)
  apply(context: WebhookHandlerContext<CashfreeWebhookDto>): Promise<HandlerResult> {
    return this.payments.applyGatewayOutcome(context, cashfreeOutcome(context.event.payload));
  }
}
