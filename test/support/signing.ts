import { randomUUID } from 'node:crypto';
import { signPayload } from '../../src/webhooks/verification/hmac-sha256.verifier.js';
import { WEBHOOK_VERIFIERS } from '../../src/webhooks/verification/webhook-verifiers.js';

export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** Posts a body exactly as given (object → JSON), signed with `secret` unless a signature header is given. */
export async function postWebhook(
  baseUrl: string,
  provider: string,
  body: object | string | Buffer,
  options: { secret?: string; headers?: Record<string, string> } = {},
): Promise<WebhookResponse> {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.secret !== undefined && !('x-webhook-signature' in headers)) {
    headers['x-webhook-signature'] = `sha256=${signPayload(raw, options.secret)}`;
  }
  const response = await fetch(`${baseUrl}/api/v2/webhook/${provider}`, { method: 'POST', headers, body: raw });
  return { status: response.status, body: await readJson(response), headers: response.headers };
}

export async function readJson(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
}

/**
 * The headers a provider of `scheme` sends with `raw` (its signature, and its delivery id and
 * timestamp where the scheme has them); a new delivery id unless one is given.
 */
export function signedHeaders(
  scheme: string,
  raw: Buffer,
  secret: string,
  delivery: { id?: string; nowMs?: number } = {},
): Record<string, string> {
  const verifier = WEBHOOK_VERIFIERS.get(scheme);
  if (!verifier) throw new Error(`no signature scheme ${scheme}`);
  return verifier.sign(raw, secret, { id: delivery.id ?? randomUUID(), nowMs: delivery.nowMs ?? Date.now() });
}
