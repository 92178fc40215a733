import { Injectable } from '@nestjs/common';
import { redactPayload, redactText } from '../common/redaction/payload-redactor.js';
import { AuditLogWriter } from './audit-log.writer.js';
import { AuditDirection } from './external-api-log.entity.js';

/** One call this service made to the outside: a notification channel, a provider status API. */
export interface OutboundCall {
  /** Who was called: `slack`, `smtp`, `sms`, `payment-gateway-api`, `supplier-api`… */
  target: string;
  /** What was asked, e.g. `notification:payment.confirmed` or `GET /payments`. */
  operation: string;
  outcome: 'success' | 'failure';
  httpStatus?: number;
  latencyMs: number;
  requestId?: string;
  /** What was sent or received; redacted before it is stored. */
  payload?: unknown;
  error?: string;
}

/**
 * Records outbound calls in the audit trail. Callers (channels,
 * reconciliation) report every call, successful or not. Never throws: a
 * failed audit write is logged by the writer.
 */
@Injectable()
export class OutboundAuditService {
  constructor(private readonly writer: AuditLogWriter) {}

  /** Resolves once the row is stored (or its failure logged). */
  record(call: OutboundCall): Promise<void> {
    return this.writer.write({
      direction: AuditDirection.Outbound,
      provider: call.target,
      eventType: call.operation,
      outcome: call.outcome,
      httpStatus: call.httpStatus ?? null,
      latencyMs: call.latencyMs,
      requestId: call.requestId ?? null,
      clientIp: null,
      payload: call.payload === undefined ? null : redactPayload(call.payload),
      error: call.error === undefined ? null : redactText(call.error),
      createdAt: new Date(),
    });
  }
}
