import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Clock } from '../../common/time/clock.js';
import { AppConfig } from '../../config/app-config.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import { webhookEndpointOf, webhookProviderOf } from '../webhook-provider.js';
import { WEBHOOK_VERIFIERS } from './webhook-verifiers.js';

/**
 * Verifies the provider's signature over the raw bytes before anything
 * parses them, by the provider's scheme (WEBHOOK_SCHEME_<P>, else its
 * endpoint's own). A provider without a configured secret accepts nothing.
 */
@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const provider = webhookProviderOf(this.reflector, context);
    const { schemes } = webhookEndpointOf(this.reflector, context);
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    const settings = this.config.provider(provider);
    // ProviderSettingsCheck refused at start any scheme the endpoint does not allow.
    const verifier = WEBHOOK_VERIFIERS.get(settings?.scheme ?? schemes[0])!;
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const refusal = verifier.refusal(
      { headers: request.headers, body },
      { secrets: settings?.secrets ?? [], nowMs: this.clock.nowMs(), toleranceSeconds: this.config.webhooks.toleranceSeconds },
    );
    if (refusal) throw new UnauthorizedException(refusal);
    request.webhookVerified = true;
    request.webhookDeliveryId = verifier.deliveryId?.(request.headers);
    return true;
  }
}
