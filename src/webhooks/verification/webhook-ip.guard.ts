import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import { webhookProviderOf } from '../webhook-provider.js';

/** Lets through only the provider's published source addresses (WEBHOOK_ALLOWED_IPS_<P>). */
@Injectable()
export class WebhookIpGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const provider = webhookProviderOf(this.reflector, context);
    const allowlist = this.config.provider(provider)?.allowlist;
    if (!allowlist || allowlist.isOpen) return true;
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    const ip = this.config.webhooks.trustedProxies.clientIp(request.socket.remoteAddress, request.headers['x-forwarded-for']);
    if (allowlist.allows(ip)) return true;
    throw new ForbiddenException(`Source address is not allowed for provider ${provider}.`);
  }
}
