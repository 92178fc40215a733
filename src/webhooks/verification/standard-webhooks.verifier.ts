import { signingKey, SignsByRecipe, type SigningRecipe } from './signing-recipe.js';
import type { IncomingHttpHeaders } from 'node:http';
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

export const STANDARD_WEBHOOKS_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;
const DIGITS = /^\d{1,12}$/;
/** The Standard Webhooks specification's lower bound for a secret's random bytes. */
const MIN_KEY_BYTES = 24;

/**
 * Standard Webhooks (Svix and many SaaS senders): webhook-signature holds
 * space-separated `v1,<base64>` entries, each the HMAC-SHA256 of
 * `id.timestamp.body` under the secret's decoded bytes (`whsec_<base64>`);
 * any v1 entry may match. Timestamps in seconds, within the tolerance either way.
 */
export class StandardWebhooksVerifier extends SignsByRecipe implements WebhookVerifier {
  readonly scheme = 'standard-webhooks';
  readonly signing: SigningRecipe = {
    key: 'whsec-base64',
    timestamp: 'seconds',
    signed: ['{id}', '.', '{timestamp}', '.', '{body}'],
    headers: {
      [STANDARD_WEBHOOKS_HEADERS.id]: '{id}',
      [STANDARD_WEBHOOKS_HEADERS.timestamp]: '{timestamp}',
      [STANDARD_WEBHOOKS_HEADERS.signature]: 'v1,{base64}',
    },
  };
  readonly headers = [
    { name: 'webhook-id', description: 'The message id, the same on every retry: the dedupe key.' },
    { name: 'webhook-timestamp', description: 'Unix seconds; within WEBHOOK_TOLERANCE_SECONDS of now.' },
    {
      name: 'webhook-signature',
      description: 'Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body under the whsec_ secret>` entries.',
    },
  ];

  refusal({ headers, body }: SignedRequest, context: VerificationContext): string | undefined {
    const { id: idHeader, timestamp: timestampHeader, signature: signatureHeader } = STANDARD_WEBHOOKS_HEADERS;
    const id = singleHeader(headers, idHeader);
    if (!id) return missingHeader(idHeader);
    const timestamp = singleHeader(headers, timestampHeader);
    if (!timestamp) return missingHeader(timestampHeader);
    const signature = singleHeader(headers, signatureHeader);
    if (!signature) return missingHeader(signatureHeader);
    if (!DIGITS.test(timestamp) || !withinTolerance(Number(timestamp), context)) return staleTimestamp(timestampHeader, context);
    const given = signature
      .split(' ')
      .map((entry) => entry.split(','))
      .filter(([version]) => version === 'v1')
      .flatMap(([, value = '']) => strictBase64(value) ?? []);
    const expected = context.secrets.map((secret) => hmacSha256(standardWebhooksKey(secret), id, '.', timestamp, '.', body));
    return matchesAny(expected, given) ? undefined : BAD_SIGNATURE;
  }

  /** The specification asks for 24 to 64 random bytes; fewer decoded bytes than 24 is refused. */
  secretWeakness(secret: string): string | undefined {
    const bytes = standardWebhooksKey(secret).length;
    return bytes < MIN_KEY_BYTES ? `decodes to ${bytes} bytes, fewer than the ${MIN_KEY_BYTES} Standard Webhooks asks for` : undefined;
  }

  deliveryId(headers: IncomingHttpHeaders): string | undefined {
    return singleHeader(headers, STANDARD_WEBHOOKS_HEADERS.id);
  }
}

/** The HMAC key of a `whsec_<base64>` secret: the decoded bytes (a secret without the prefix is base64 as well). */
export function standardWebhooksKey(secret: string): Buffer {
  return signingKey({ key: 'whsec-base64' }, secret);
}
