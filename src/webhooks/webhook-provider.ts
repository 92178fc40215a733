import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { WebhookRequest } from './request/webhook-request.js';

export const WEBHOOK_ENDPOINT = 'webhooks:endpoint';

/** What a @WebhookEndpoint declares: whose webhook it receives, and which event types it accepts. */
export interface WebhookEndpointMetadata {
  provider: string;
  events: readonly string[];
}

export const ForWebhookProvider = (provider: string, events: readonly string[]) =>
  SetMetadata<string, WebhookEndpointMetadata>(WEBHOOK_ENDPOINT, { provider, events });

/** The provider an endpoint belongs to, remembered on the request for audit and logs. */
export function webhookProviderOf(reflector: Reflector, context: ExecutionContext): string {
  const provider = reflector.get<WebhookEndpointMetadata | undefined>(WEBHOOK_ENDPOINT, context.getHandler())?.provider;
  if (!provider) throw new Error(`${context.getClass().name}.${context.getHandler().name} names no webhook provider`);
  context.switchToHttp().getRequest<WebhookRequest>().webhookProvider = provider;
  return provider;
}
