import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config.js';
import type { WebhookRequest } from '../http/webhook-request.js';
import { isValidSignature } from '../security/signature.js';
import { webhookProviderOf } from './webhook-provider.js';

export const SIGNATURE_HEADER = 'x-webhook-signature';

/**
 * Checks X-Webhook-Signature against the raw bytes before anything parses
 * them. A provider without a configured secret accepts nothing.
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
    const header = request.headers[SIGNATURE_HEADER];
    if (typeof header !== 'string' || header.length === 0) {
      throw new UnauthorizedException(`Missing ${SIGNATURE_HEADER} header.`);
    }
    const secrets = this.config.provider(provider)?.secrets ?? [];
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (isValidSignature(body, header, secrets)) return true;
    throw new UnauthorizedException('Invalid webhook signature.');
  }
}
