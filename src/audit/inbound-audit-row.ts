import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { requestIdOf, type WebhookRequest } from '../webhooks/request/webhook-request.js';
import { providerInPath } from '../webhooks/webhook-route.js';
import { toStorableText } from '../common/http/json-text.js';
import { redactPayload } from '../common/redaction/payload-redactor.js';
import type { AuditRow } from './external-api-logs.repository.js';
import { AuditDirection, type AuditOutcome } from './external-api-log.entity.js';

/** Verified bodies the endpoint refused larger than this are not parsed for the audit row. */
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
  /** `message` of the error the request was refused with, when it was. */
  refusal?: unknown;
  latencyMs: number;
  clientIp: string | undefined;
}

/** Longest reason kept on the row of a refused request. */
const MAX_REASON_LENGTH = 200;

/**
 * The audit row of one webhook request, whatever its answer was. Only a
 * request whose signature was verified has its (redacted) payload kept:
 * anyone can send the others, so their row is metadata of fixed size.
 */
export function inboundAuditRow(exchange: InboundExchange): AuditRow {
  return exchange.request.webhookVerified ? verifiedRow(exchange) : unverifiedRow(exchange);
}

/**
 * Time, route, provider, outcome and reason, source address, request id, and
 * the body's size and SHA-256 (to match a provider's report of what it sent),
 * never the body: it is neither parsed nor redacted, which would cost the
 * time of whoever sends it.
 */
function unverifiedRow({ request, response, receiptStatus, refusal, latencyMs, clientIp }: InboundExchange): AuditRow {
  const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
  const path = request.originalUrl.split('?')[0];
  const finished = response.writableFinished;
  return {
    direction: AuditDirection.Inbound,
    provider: request.webhookProvider ?? providerInPath(path) ?? '',
    eventType: null,
    outcome: inboundOutcome(response.statusCode, receiptStatus, finished),
    httpStatus: response.statusCode,
    latencyMs,
    requestId: requestIdOf(request) ?? null,
    clientIp: clientIp ?? null,
    payload: {
      path: toStorableText(path.slice(0, MAX_REASON_LENGTH)),
      contentLength: declaredLength(request),
      bodyBytes: raw?.length ?? null,
      bodySha256: raw ? createHash('sha256').update(raw).digest('hex') : null,
    },
    error: finished ? reasonOf(refusal) : 'no answer sent: the client went away, or its request timed out',
    createdAt: new Date(),
  };
}

function declaredLength(request: WebhookRequest): number | null {
  const length = Number(request.headers['content-length']);
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}

function reasonOf(refusal: unknown): string | null {
  const text = Array.isArray(refusal) ? refusal.join('; ') : refusal;
  return typeof text === 'string' ? toStorableText(text.slice(0, MAX_REASON_LENGTH)) : null;
}

/** The row of a request whose signature was verified: the body is the provider's, kept redacted. */
function verifiedRow({ request, response, receiptStatus, latencyMs, clientIp }: InboundExchange): AuditRow {
  const body = readBody(request);
  return {
    direction: AuditDirection.Inbound,
    provider: request.webhookProvider ?? providerInPath(request.originalUrl) ?? '',
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
 * The body as the endpoint parsed it; else (a verified body the endpoint
 * refused) parsed here if small enough. What cannot be parsed is described,
 * never kept raw.
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
  // A \u0000 here would sink the whole batch of audit rows.
  return typeof event === 'string' ? toStorableText(event) : null;
}
