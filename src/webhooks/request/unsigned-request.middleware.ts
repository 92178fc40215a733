import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { WEBHOOK_VERIFIERS } from '../verification/webhook-verifiers.js';
import { BAD_SIGNATURE, missingHeader } from '../verification/webhook-verifier.js';
import { WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import { providerInPath } from '../webhook-route.js';
import type { WebhookRequest } from './webhook-request.js';
import { refuse } from './raw-body.middleware.js';

/**
 * A request that cannot pass the signature guard whatever its body (its
 * scheme's signature header is missing, or the provider has no secret) gets
 * the guard's 401 before its body is read, and its connection closes: a
 * flood of unsigned bodies costs their headers only. Where the provider has
 * an IP allowlist, the guards decide as before (the address first, 403).
 */
@Injectable()
export class UnsignedRequestMiddleware implements NestMiddleware {
  constructor(
    private readonly registry: WebhookHandlerRegistry,
    private readonly config: AppConfig,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    // UnknownWebhookPathMiddleware let only endpoints through.
    const provider = providerInPath(request.originalUrl)!;
    const settings = this.config.provider(provider);
    if (settings?.allowlist && !settings.allowlist.isOpen) return next();
    const verifier = WEBHOOK_VERIFIERS.get(settings?.scheme ?? this.registry.endpoint(provider)?.schemes[0] ?? '');
    if (!verifier) return next();
    (request as WebhookRequest).webhookProvider = provider;
    // In the guard's order: a missing header first, then no secret to check against.
    const missing = verifier.headers.find(({ name, required = true }) => required && request.headers[name.toLowerCase()] === undefined);
    if (missing) return refuse(response, 401, missingHeader(missing.name.toLowerCase()));
    if ((settings?.secrets ?? []).length === 0) return refuse(response, 401, BAD_SIGNATURE);
    next();
  }
}
