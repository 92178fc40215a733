import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import { webhookProviderOf } from '../webhook-provider.js';
import { DEFAULT_SCHEME, WEBHOOK_VERIFIERS } from './webhook-verifiers.js';

/**
 * Verifies the provider's signature over the raw bytes before anything
 * parses them, by the provider's scheme. A provider without a configured
 * secret accepts nothing.
 */
@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const provider = webhookProviderOf(this.reflector, context);
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    const verifier = WEBHOOK_VERIFIERS.get(DEFAULT_SCHEME)!;
    const secrets = this.config.provider(provider)?.secrets ?? [];
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const refusal = verifier.refusal({ headers: request.headers, body }, { secrets, nowMs: Date.now(), toleranceSeconds: 300 });
    if (refusal) throw new UnauthorizedException(refusal);
    return true;
  }
}
