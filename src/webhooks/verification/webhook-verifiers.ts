import { HmacSha256Verifier } from './hmac-sha256.verifier.js';
import type { WebhookVerifier } from './webhook-verifier.js';

/** Every signature scheme the service verifies, by name. */
export const WEBHOOK_VERIFIERS: ReadonlyMap<string, WebhookVerifier> = new Map(
  [new HmacSha256Verifier()].map((verifier) => [verifier.scheme, verifier]),
);

/** The scheme of providers whose settings name none. */
export const DEFAULT_SCHEME = 'hmac-sha256';
