import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { WebhookRequest } from '../http/webhook-request.js';

const WEBHOOK_PROVIDER = 'webhook:provider';

export const ForWebhookProvider = (provider: string) => SetMetadata(WEBHOOK_PROVIDER, provider);

/** The provider an endpoint belongs to, remembered on the request for audit and logs. */
export function webhookProviderOf(reflector: Reflector, context: ExecutionContext): string {
  const provider = reflector.get<string>(WEBHOOK_PROVIDER, context.getHandler());
  if (!provider) throw new Error(`${context.getClass().name}.${context.getHandler().name} names no webhook provider`);
  context.switchToHttp().getRequest<WebhookRequest>().webhookProvider = provider;
  return provider;
}
