import { SignsByRecipe, type SigningRecipe } from './signing-recipe.js';
import { hmacSha256, matchesAny, strictHex } from './hmac.js';
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

const SIGNATURE_HEADER = 'stripe-signature';
const DIGITS = /^\d{1,12}$/;

/**
 * Stripe: `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=…]`, each v1 the hex
 * HMAC-SHA256 of `t.body` under the `whsec_…` secret used as it is; any v1
 * may match (Stripe sends one per active secret while one is rolled).
 */
export class StripeVerifier extends SignsByRecipe implements WebhookVerifier {
  readonly scheme = 'stripe';
  readonly signing: SigningRecipe = {
    key: 'utf8',
    timestamp: 'seconds',
    signed: ['{timestamp}', '.', '{body}'],
    headers: { [SIGNATURE_HEADER]: 't={timestamp},v1={hex}' },
  };
  readonly headers = [
    {
      name: 'Stripe-Signature',
      description:
        '`t=<unix seconds>,v1=<hex HMAC-SHA256 of t.body under the whsec_… secret>`; any v1 may match; t within WEBHOOK_TOLERANCE_SECONDS.',
    },
  ];

  refusal({ headers, body }: SignedRequest, context: VerificationContext): string | undefined {
    const header = singleHeader(headers, SIGNATURE_HEADER);
    if (!header) return missingHeader(SIGNATURE_HEADER);
    const { timestamp, v1Count, signatures } = parseHeader(header);
    if (timestamp === undefined || !DIGITS.test(timestamp)) return `${SIGNATURE_HEADER} carries no timestamp (t=).`;
    if (!withinTolerance(Number(timestamp), context)) return staleTimestamp(`${SIGNATURE_HEADER} t=`, context);
    if (v1Count === 0) return `${SIGNATURE_HEADER} carries no v1 signature.`;
    const expected = context.secrets.map((secret) => hmacSha256(secret, timestamp, '.', body));
    return matchesAny(expected, signatures) ? undefined : BAD_SIGNATURE;
  }
}

/** The timestamp, how many v1 entries there are, and those that are well-formed hex. */
function parseHeader(header: string): { timestamp?: string; v1Count: number; signatures: Buffer[] } {
  let timestamp: string | undefined;
  let v1Count = 0;
  const signatures: Buffer[] = [];
  for (const item of header.split(',')) {
    const [key, value = ''] = item.trim().split('=', 2);
    if (key === 't') timestamp = value;
    if (key === 'v1') {
      v1Count += 1;
      const bytes = strictHex(value);
      if (bytes) signatures.push(bytes);
    }
  }
  return { timestamp, v1Count, signatures };
}
