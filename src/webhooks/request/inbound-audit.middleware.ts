import { performance } from 'node:perf_hooks';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import type { WebhookRequest } from './webhook-request.js';
import { AppConfig } from '../../config/app-config.js';
import { AuditLogWriter } from '../../audit/audit-log.writer.js';
import { type InboundExchange, inboundAuditRow } from '../../audit/inbound-audit-row.js';

/**
 * Audits every webhook request once its answer is out, whatever stopped or
 * passed it: guards run before interceptors, so only middleware placed
 * before the body parser sees a 413, a 401 or a 403 as well as a 200.
 */
@Injectable()
export class InboundAuditMiddleware implements NestMiddleware {
  private readonly logger = new Logger(InboundAuditMiddleware.name);

  constructor(
    private readonly writer: AuditLogWriter,
    private readonly config: AppConfig,
  ) {}

  use(request: WebhookRequest, response: Response, next: NextFunction): void {
    const startedAt = performance.now();
    // Read now: the socket may be gone by the time the response closes.
    const ip = this.config.webhooks.trustedProxies.clientIp(request.socket.remoteAddress, request.headers['x-forwarded-for']);
    const answer = captureAnswer(response);
    response.once('close', () => this.record({ request, response, ...answer(), latencyMs: performance.now() - startedAt, clientIp: ip }));
    next();
  }

  private record(exchange: InboundExchange): void {
    try {
      // Rows anyone can cause wait in their own small queue, so they cannot push out those of accepted events.
      void this.writer.write(inboundAuditRow(exchange), exchange.request.webhookVerified ? 'kept' : 'rejected');
    } catch (error) {
      this.logger.error(`webhook request not audited: ${(error as Error).message}`);
    }
  }
}

/** Whether the endpoint answered `accepted` or `duplicate`, or why it refused, is only in the body it sends. */
function captureAnswer(response: Response): () => { receiptStatus: unknown; refusal: unknown } {
  let answer: { status?: unknown; message?: unknown } | null | undefined;
  const json = response.json.bind(response);
  response.json = (body?: unknown) => {
    answer = body as typeof answer;
    return json(body);
  };
  return () => ({ receiptStatus: answer?.status, refusal: answer?.message });
}
