import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { InboundAuditMiddleware } from './inbound-audit.middleware.js';
import { RawBodyMiddleware } from './raw-body.middleware.js';
import { UnknownWebhookPathMiddleware } from './unknown-webhook-path.middleware.js';
import { UnsignedRequestMiddleware } from './unsigned-request.middleware.js';
import { WebhookRejectionsMiddleware } from './webhook-rejections.middleware.js';

/**
 * The webhook routes' middleware, in order, as one: paths no endpoint serves
 * are refused first, unread and unaudited; the audit and the metrics come
 * next, so they also see the requests refused before their body is read
 * (401 unsigned, 413, 415); the body is read last. Mounted as one layer,
 * each step calls the next directly: as five, every request went through
 * Express's path matching and Nest's middleware wrapper five times.
 */
@Injectable()
export class WebhookRequestPipeline implements NestMiddleware {
  private readonly steps: readonly NestMiddleware[];

  constructor(
    unknownPath: UnknownWebhookPathMiddleware,
    audit: InboundAuditMiddleware,
    rejections: WebhookRejectionsMiddleware,
    unsigned: UnsignedRequestMiddleware,
    rawBody: RawBodyMiddleware,
  ) {
    this.steps = [unknownPath, audit, rejections, unsigned, rawBody];
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const run = (index: number): void => {
      if (index === this.steps.length) return next();
      this.steps[index].use(request, response, () => run(index + 1));
    };
    run(0);
  }
}
