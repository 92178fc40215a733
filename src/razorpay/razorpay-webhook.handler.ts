import { Injectable } from '@nestjs/common';
import { PaymentWebhookHandler } from '../payment/payment-webhook.handler.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import type { HandlerResult, WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { RazorpayWebhookDto } from './dto/razorpay-webhook.dto.js';
import { RAZORPAY_EVENTS, RAZORPAY_PROVIDER } from './razorpay-events.js';
import { razorpayPayment } from './razorpay-payment.js';

/** Applies Razorpay's events as the gateway events they amount to: the payment transition table, amounts checked in rupees. */
@Injectable()
export class RazorpayWebhookHandler {
  constructor(private readonly payments: PaymentWebhookHandler) {}

  @OnWebhook(RAZORPAY_PROVIDER, ...RAZORPAY_EVENTS)
  apply(context: WebhookHandlerContext<RazorpayWebhookDto>): Promise<HandlerResult> {
    return this.payments.applyPayment(context, razorpayPayment(context.event.payload));
  }
}
