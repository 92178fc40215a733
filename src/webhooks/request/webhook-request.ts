import { hash } from 'node:crypto';
import type { Request } from 'express';

/** A webhook request as the pipeline sees it: the raw bytes, and what was learnt of them. */
export interface WebhookRequest extends Request {
  body: Buffer;
  /** Route name of the provider, e.g. `payment`; set by the guards for audit and logs. */
  webhookProvider?: string;
  /** Set once the signature guard has verified the body: only then is the body parsed, or kept (redacted) in the audit. */
  webhookVerified?: boolean;
  /** The delivery id of the provider's signature scheme (e.g. `webhook-id`), set once the signature is verified. */
  webhookDeliveryId?: string;
  /** The body parsed as JSON, once the signature has been checked; kept for the audit trail. */
  webhookPayload?: object;
}

/**
 * The dedupe key of a verified webhook: the delivery id its signature scheme
 * carries (Standard Webhooks' `webhook-id`, Razorpay's event id), which
 * stays the same on every retry; else what the provider's payload identifies.
 */
export function webhookDedupeKey(request: WebhookRequest, fromPayload: () => string): string {
  return request.webhookDeliveryId ? `id:${request.webhookDeliveryId}` : fromPayload();
}

/** The request id pino-http gave the request (a string here: see requestIdOf in the logging module). */
export function requestIdOf(request: WebhookRequest): string | undefined {
  return typeof request.id === 'string' || typeof request.id === 'number' ? String(request.id) : undefined;
}

/** The event type a provider names in a field of its body, for the record of an event not acted on. */
export function namedEventType(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 100) : 'unknown';
}

/** SHA-256 (hex) of the verified body as received: what tells a provider's retry (the same bytes) from another event under its key. */
export function verifiedBodySha256(request: WebhookRequest): string {
  return hash('sha256', request.body, 'hex');
}
