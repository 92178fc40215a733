import { SignsByRecipe, type SigningRecipe } from './signing-recipe.js';
import { hmacSha256, matchesAny, strictBase64 } from './hmac.js';
import {
  BAD_SIGNATURE,
  missingHeader,
  type SignedRequest,
  singleHeader,
  staleTimestamp,
  type VerificationContext,
  type WebhookVerifier,
  withinTolerance,
} from './webhook-verifier.js';

const SIGNATURE_HEADER = 'x-webhook-signature';
const TIMESTAMP_HEADER = 'x-webhook-timestamp';
const IDEMPOTENCY_HEADER = 'x-idempotency-key';
const DIGITS = /^\d{1,16}$/;

/**
 * Cashfree: x-webhook-signature is the base64 HMAC-SHA256, under the client
 * secret, of x-webhook-timestamp (milliseconds) immediately followed by the
 * raw body. Cashfree's SDKs do not check the time; this does.
 */
export class CashfreeVerifier extends SignsByRecipe implements WebhookVerifier {
  readonly scheme = 'cashfree';
  readonly signing: SigningRecipe = {
    key: 'utf8',
    timestamp: 'milliseconds',
    signed: ['{timestamp}', '{body}'],
    headers: {
      [SIGNATURE_HEADER]: '{base64}',
      [TIMESTAMP_HEADER]: '{timestamp}',
      [IDEMPOTENCY_HEADER]: '{id}',
      'x-webhook-version': '2025-01-01',
    },
  };
  readonly headers = [
    {
      name: 'x-webhook-signature',
      description: 'Base64 HMAC-SHA256, under the client secret, of x-webhook-timestamp immediately followed by the raw body.',
    },
    { name: 'x-webhook-timestamp', description: 'Milliseconds since the epoch; within WEBHOOK_TOLERANCE_SECONDS of now.' },
    { name: 'x-idempotency-key', description: 'Sent by webhook version 2025-01-01: the dedupe key.', required: false },
  ];

  refusal({ headers, body }: SignedRequest, context: VerificationContext): string | undefined {
    const signature = singleHeader(headers, SIGNATURE_HEADER);
    if (!signature) return missingHeader(SIGNATURE_HEADER);
    const timestamp = singleHeader(headers, TIMESTAMP_HEADER);
    if (!timestamp) return missingHeader(TIMESTAMP_HEADER);
    if (!DIGITS.test(timestamp) || !withinTolerance(Number(timestamp) / 1000, context)) return staleTimestamp(TIMESTAMP_HEADER, context);
    const given = strictBase64(signature.trim());
    if (!given) return BAD_SIGNATURE;
    return matchesAny(
      context.secrets.map((secret) => hmacSha256(secret, timestamp, body)),
      [given],
    )
      ? undefined
      : BAD_SIGNATURE;
  }
}
