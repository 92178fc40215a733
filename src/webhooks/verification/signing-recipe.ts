import { hmacSha256 } from './hmac.js';
import type { Delivery } from './webhook-verifier.js';

/**
 * How a sender of one scheme signs, as data rather than code: the verifiers
 * sign by it here, and the OpenAPI document carries it (`x-webhook-signing`)
 * so Swagger UI's "Try it out" signs in the browser the same way, from the
 * same declaration.
 */
export interface SigningRecipe {
  /** The HMAC key: the secret's UTF-8 bytes, or the base64 after an optional `whsec_` (Standard Webhooks). */
  key: 'utf8' | 'whsec-base64';
  /** The unit of `{timestamp}`. */
  timestamp: 'seconds' | 'milliseconds';
  /** What the HMAC-SHA256 covers, concatenated: `{body}` (the raw bytes), templates, literal text. Empty: nothing is signed. */
  signed: readonly string[];
  /**
   * The headers sent, templates over `{id}`, `{timestamp}`, `{iso}` (now, ISO 8601),
   * `{hex}` and `{base64}` (the HMAC) and `{secret}` (a static token: the secret is the credential).
   */
  headers: Readonly<Record<string, string>>;
}

const WHSEC_PREFIX = 'whsec_';
const PLACEHOLDER = /\{(\w+)\}/g;

/** The HMAC key a recipe derives from the secret. */
export function signingKey(recipe: Pick<SigningRecipe, 'key'>, secret: string): Buffer {
  if (recipe.key === 'utf8') return Buffer.from(secret, 'utf8');
  return Buffer.from(secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret, 'base64');
}

/** The headers a sender following `recipe` puts on `body`. */
export function signByRecipe(recipe: SigningRecipe, body: Buffer, secret: string, { id, nowMs }: Delivery): Record<string, string> {
  const values: Record<string, string> = {
    id,
    timestamp: String(recipe.timestamp === 'seconds' ? Math.floor(nowMs / 1000) : nowMs),
    iso: new Date(nowMs).toISOString(),
    secret,
  };
  const fill = (template: string) => template.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
  if (recipe.signed.length > 0) {
    const mac = hmacSha256(signingKey(recipe, secret), ...recipe.signed.map((part) => (part === '{body}' ? body : fill(part))));
    values.hex = mac.toString('hex');
    values.base64 = mac.toString('base64');
  }
  return Object.fromEntries(Object.entries(recipe.headers).map(([name, template]) => [name, fill(template)]));
}

/** The base of verifiers: a sender of the scheme signs by its recipe, and nothing else. */
export abstract class SignsByRecipe {
  abstract readonly signing: SigningRecipe;

  sign(body: Buffer, secret: string, delivery: Delivery): Record<string, string> {
    return signByRecipe(this.signing, body, secret, delivery);
  }
}
