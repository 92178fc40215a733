import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { providerInPath } from '../webhook-route.js';

/**
 * Counts webhook requests refused before they reached the inbox (bad
 * signature, address, body), and times every answer (ingest latency). Only
 * configured providers are counted, so made-up paths cannot grow the label set.
 */
@Injectable()
export class WebhookRejectionsMiddleware implements NestMiddleware {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const provider = providerInPath(request.originalUrl);
    if (provider && this.config.provider(provider)) {
      const arrived = process.hrtime.bigint();
      response.once('finish', () => {
        this.metrics.webhookAnswered(provider, Number(process.hrtime.bigint() - arrived) / 1e9);
        if (response.statusCode >= 400 && response.statusCode !== 404) this.metrics.webhookRejected(provider, response.statusCode);
      });
    }
    next();
  }
}
