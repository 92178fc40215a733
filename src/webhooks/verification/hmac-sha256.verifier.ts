import { SignsByRecipe, type SigningRecipe } from './signing-recipe.js';
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  shortSecret,
  BAD_SIGNATURE,
  missingHeader,
  type SignedRequest,
  singleHeader,
  type VerificationContext,
  type WebhookVerifier,
} from './webhook-verifier.js';

export const SIGNATURE_HEADER = 'x-webhook-signature';
const PREFIX = 'sha256=';
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export function signPayload(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/**
 * True when `header` is the hex HMAC-SHA256 of the raw bytes under any of the
 * active secrets (several may be active while a secret is rotated). The
 * comparison is constant-time; the header may carry a `sha256=` prefix.
 */
export function isValidSignature(rawBody: Buffer, header: string | undefined, secrets: readonly string[]): boolean {
  if (!header) return false;
  const trimmed = header.trim().toLowerCase();
  // Only a leading `sha256=` is the prefix; one anywhere else makes the header malformed.
  const given = trimmed.startsWith(PREFIX) ? trimmed.slice(PREFIX.length) : trimmed;
  if (!HEX_SHA256.test(given)) return false;
  const givenBytes = Buffer.from(given, 'hex');
  // Every secret is tried, so the time taken does not tell which one matched.
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    matched = timingSafeEqual(expected, givenBytes) || matched;
  }
  return matched;
}

/** This service's own scheme (GitHub's too): hex HMAC-SHA256 of the raw body in X-Webhook-Signature, no timestamp. */
export class HmacSha256Verifier extends SignsByRecipe implements WebhookVerifier {
  readonly scheme = 'hmac-sha256';
  readonly signing: SigningRecipe = {
    key: 'utf8',
    timestamp: 'seconds',
    signed: ['{body}'],
    headers: { [SIGNATURE_HEADER]: `${PREFIX}{hex}` },
  };
  readonly secretWeakness = shortSecret;
  readonly headers = [
    {
      name: 'X-Webhook-Signature',
      description: 'Hex HMAC-SHA256 of the raw request body under the provider secret, optionally prefixed `sha256=`.',
    },
  ];

  refusal({ headers, body }: SignedRequest, { secrets }: VerificationContext): string | undefined {
    const header = singleHeader(headers, SIGNATURE_HEADER);
    if (!header) return missingHeader(SIGNATURE_HEADER);
    return isValidSignature(body, header, secrets) ? undefined : BAD_SIGNATURE;
  }
}
