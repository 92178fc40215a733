import { SetMetadata } from '@nestjs/common';

export const ON_WEBHOOK = 'webhooks:on-webhook';

export interface OnWebhookMetadata {
  provider: string;
  events: readonly string[];
}

/**
 * Marks the method that applies these events of a provider, e.g.
 * `@OnWebhook('payment', 'payment.success')`. Found at start by
 * WebhookHandlerExplorer, which refuses to start when an event a provider's
 * endpoint accepts has no handler, or two.
 */
export const OnWebhook = (provider: string, ...events: string[]) =>
  SetMetadata<string, OnWebhookMetadata>(ON_WEBHOOK, { provider, events });
