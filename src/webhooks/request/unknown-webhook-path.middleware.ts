import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from '../../metrics/metrics.service.js';
import { WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import { providerInPath } from '../webhook-route.js';
import { refuse } from './raw-body.middleware.js';

/**
 * A webhook path no endpoint serves (a made-up provider, a sub-path, a GET)
 * is answered 404 before anything else runs: its body is never read, no
 * audit row is written (its only trace is a label-free counter and the
 * request log line), so made-up paths cost as little as a request can.
 */
@Injectable()
export class UnknownWebhookPathMiddleware implements NestMiddleware {
  constructor(
    private readonly registry: WebhookHandlerRegistry,
    private readonly metrics: MetricsService,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (request.method === 'POST' && this.isEndpoint(request.originalUrl)) return next();
    this.metrics.webhookUnknownPath();
    refuse(response, 404, 'No such webhook endpoint.');
  }

  private isEndpoint(url: string): boolean {
    const provider = providerInPath(url);
    if (!provider || !this.registry.endpoint(provider)) return false;
    // Express also routes a trailing slash; nothing deeper.
    const path = url.split('?')[0].replace(/\/$/, '');
    return path.endsWith(`/${provider}`);
  }
}
