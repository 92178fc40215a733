import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { WebhookRequest } from './request/webhook-request.js';

export const WEBHOOK_ENDPOINT = 'webhooks:endpoint';

/** What a @WebhookEndpoint declares: whose webhook it receives, which event types it acts on, how it is signed. */
export interface WebhookEndpointMetadata {
  provider: string;
  events: readonly string[];
  /** The signature schemes the provider may use (WEBHOOK_SCHEME_<P>); the first is the default. */
  schemes: readonly string[];
}

export const ForWebhookProvider = (metadata: WebhookEndpointMetadata) =>
  SetMetadata<string, WebhookEndpointMetadata>(WEBHOOK_ENDPOINT, metadata);

export function webhookEndpointOf(reflector: Reflector, context: ExecutionContext): WebhookEndpointMetadata {
  const endpoint = reflector.get<WebhookEndpointMetadata | undefined>(WEBHOOK_ENDPOINT, context.getHandler());
  if (!endpoint) throw new Error(`${context.getClass().name}.${context.getHandler().name} is no @WebhookEndpoint`);
  return endpoint;
}

/** The provider an endpoint belongs to, remembered on the request for audit and logs. */
export function webhookProviderOf(reflector: Reflector, context: ExecutionContext): string {
  const { provider } = webhookEndpointOf(reflector, context);
  context.switchToHttp().getRequest<WebhookRequest>().webhookProvider = provider;
  return provider;
}
