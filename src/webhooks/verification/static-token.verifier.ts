import { SignsByRecipe, type SigningRecipe } from './signing-recipe.js';
import { createHash } from 'node:crypto';
import { matchesAny } from './hmac.js';
import {
  shortSecret,
  missingHeader,
  type SignedRequest,
  singleHeader,
  type VerificationContext,
  type WebhookVerifier,
} from './webhook-verifier.js';

const TOKEN_HEADER = 'x-api-key';

/**
 * A static token in X-Api-Key (Shiprocket signs nothing). It covers neither
 * the body nor the time, so a captured request can be replayed: always pair
 * it with the provider's IP allowlist. Compared as SHA-256 digests, in
 * constant time, so a wrong length tells nothing either.
 */
export class StaticTokenVerifier extends SignsByRecipe implements WebhookVerifier {
  readonly scheme = 'static-token';
  readonly signing: SigningRecipe = { key: 'utf8', timestamp: 'seconds', signed: [], headers: { [TOKEN_HEADER]: '{secret}' } };
  readonly secretWeakness = shortSecret;
  readonly headers = [
    {
      name: 'X-Api-Key',
      description: 'The static token set in the provider dashboard (it signs nothing: pair it with WEBHOOK_ALLOWED_IPS_<P>).',
    },
  ];

  refusal({ headers }: SignedRequest, { secrets }: VerificationContext): string | undefined {
    const token = singleHeader(headers, TOKEN_HEADER);
    if (!token) return missingHeader(TOKEN_HEADER);
    return matchesAny(secrets.map(digest), [digest(token)]) ? undefined : `Invalid ${TOKEN_HEADER} token.`;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
