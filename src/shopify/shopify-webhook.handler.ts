import { Injectable } from '@nestjs/common';
import { OrderPaymentWebhookHandler } from '../order-payment/order-payment-webhook.handler.js';
import { PaymentWebhookHandler } from '../payment/payment-webhook.handler.js';
import { PermanentWebhookError } from '../webhooks/processing/permanent-webhook.error.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { type HandlerResult, noEffect, type WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { ShopifyOrderDto, ShopifyRefundDto } from './dto/shopify-webhook.dto.js';
import { SHOPIFY_PROVIDER } from './shopify-events.js';
import { shopifyPaidOrder, shopifyProblem, shopifyRefund } from './shopify-payment.js';

/**
 * Applies Shopify's topics as what they amount to: orders/paid as the
 * storefront's PAID (amount and currency held to the order's), refunds/create
 * as the gateway's refund completed.
 */
@Injectable()
export class ShopifyWebhookHandler {
  constructor(
    private readonly storefront: OrderPaymentWebhookHandler,
    private readonly payments: PaymentWebhookHandler,
  ) {}

  @OnWebhook(SHOPIFY_PROVIDER, 'orders/paid')
  paid(context: WebhookHandlerContext<ShopifyOrderDto>): Promise<HandlerResult> {
    const order = context.event.payload;
    unappliable(shopifyProblem('orders/paid', order));
    return this.storefront.confirmPayment(context, shopifyPaidOrder(order));
  }

  @OnWebhook(SHOPIFY_PROVIDER, 'refunds/create')
  async refunded(context: WebhookHandlerContext<ShopifyRefundDto>): Promise<HandlerResult> {
    unappliable(shopifyProblem('refunds/create', context.event.payload));
    const refund = shopifyRefund(context.event.payload);
    if (!refund) return noEffect('refunds/create moved no money: it has no successful refund transaction');
    return this.payments.applyPayment(context, refund);
  }
}

/** The controller refused such payloads; one stored otherwise (an operator's replay of an old row) can never apply. */
function unappliable(problem: string | undefined): void {
  if (problem) throw new PermanentWebhookError(problem);
}
