import type { Response } from 'express';
import { requestIdOf, type WebhookRequest } from '../webhooks/request/webhook-request.js';
import { toStorableText } from '../common/http/json-text.js';
import { redactPayload } from '../common/redaction/payload-redactor.js';
import type { AuditRow } from './external-api-logs.repository.js';
import { AuditDirection, type AuditOutcome } from './external-api-log.entity.js';

/** Bodies of rejected requests larger than this are not parsed for the audit row. */
const MAX_PARSED_REJECTED_BYTES = 64 * 1024;

const OUTCOME_BY_STATUS: Record<number, AuditOutcome> = {
  400: 'invalid',
  401: 'rejected_signature',
  403: 'rejected_ip',
  404: 'not_found',
  413: 'too_large',
  503: 'unavailable',
};

export interface InboundExchange {
  request: WebhookRequest;
  response: Response;
  /** `status` of the receipt the endpoint answered with, when it answered one. */
  receiptStatus: unknown;
  latencyMs: number;
  clientIp: string | undefined;
}

/** The audit row of one webhook request, whatever its answer was. */
export function inboundAuditRow({ request, response, receiptStatus, latencyMs, clientIp }: InboundExchange): AuditRow {
  const body = readBody(request);
  return {
    direction: AuditDirection.Inbound,
    provider: request.webhookProvider ?? lastPathSegment(request.originalUrl),
    eventType: eventTypeOf(body.parsed),
    outcome: inboundOutcome(response.statusCode, receiptStatus, response.writableFinished),
    httpStatus: response.statusCode,
    latencyMs,
    requestId: requestIdOf(request) ?? null,
    clientIp: clientIp ?? null,
    payload: body.parsed === undefined ? body.note : redactPayload(body.parsed),
    error: null,
    createdAt: new Date(),
  };
}

export function inboundOutcome(status: number, receiptStatus: unknown, finished: boolean): AuditOutcome {
  if (!finished) return 'aborted';
  if (status < 300 && (receiptStatus === 'accepted' || receiptStatus === 'duplicate')) return receiptStatus;
  return OUTCOME_BY_STATUS[status] ?? (status >= 400 && status < 500 ? 'invalid' : 'error');
}

/**
 * The body as the endpoint parsed it; else, for a rejected request, parsed
 * here if small enough. What cannot be parsed is described, never kept raw.
 */
function readBody(request: WebhookRequest): { parsed?: unknown; note: { _note: string } | null } {
  if (request.webhookPayload) return { parsed: request.webhookPayload, note: null };
  const raw = request.body;
  if (!Buffer.isBuffer(raw)) return { note: { _note: `body not read (content-length ${request.headers['content-length'] ?? 'unknown'})` } };
  if (raw.length === 0) return { note: null };
  if (raw.length > MAX_PARSED_REJECTED_BYTES) return { note: { _note: `body of ${raw.length} bytes not kept` } };
  try {
    return { parsed: JSON.parse(raw.toString('utf8')), note: null };
  } catch {
    return { note: { _note: `not valid JSON (${raw.length} bytes)` } };
  }
}

function eventTypeOf(parsed: unknown): string | null {
  const event = (parsed as { event?: unknown } | null | undefined)?.event;
  // Read from bodies no guard has passed yet: a \u0000 here would sink the whole batch of audit rows.
  return typeof event === 'string' ? toStorableText(event) : null;
}

function lastPathSegment(url: string): string {
  return url.split('?')[0].split('/').filter(Boolean).pop() ?? '';
}
