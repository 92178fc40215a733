import type { IncomingHttpHeaders } from 'node:http';
import type { SigningRecipe } from './signing-recipe.js';

/** What a verifier sees of a request: its headers and the raw bytes of its body, nothing parsed. */
export interface SignedRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SignatureHeader {
  name: string;
  description: string;
  /** False for headers the scheme reads when present (a dedupe id some versions send). */
  required?: boolean;
  /** What Swagger UI pre-fills, for a header the sender sets itself rather than the signing recipe (Shopify's topic). */
  example?: string;
}

/** What a request is verified against: the provider's active secrets, and the time for signed timestamps. */
export interface VerificationContext {
  /** Every active secret; several while one is rotated (providers sign retries of old events with the old one). */
  secrets: readonly string[];
  /** Now, in milliseconds since the epoch (an injectable clock in tests). */
  nowMs: number;
  /** How far a signed timestamp may be from now, either way. */
  toleranceSeconds: number;
}

/**
 * One signature scheme. Each provider is verified by the scheme its settings
 * name; a new scheme is one more class behind this interface, listed in
 * WEBHOOK_VERIFIERS.
 */
export interface WebhookVerifier {
  /** The scheme's name, e.g. `hmac-sha256`. */
  readonly scheme: string;
  /** The headers it reads, for the endpoint's Swagger description. */
  readonly headers: readonly SignatureHeader[];
  /**
   * Undefined when the request is signed under any of the active secrets;
   * else why not, fit for the 401's message (never a secret or the expected value).
   */
  refusal(request: SignedRequest, context: VerificationContext): string | undefined;
  /** How a sender signs, as data: `sign` follows it, and Swagger UI signs "Try it out" requests by it. */
  readonly signing: SigningRecipe;
  /**
   * The headers a sender of this scheme puts on `body`: what the simulator,
   * the tests and outbound deliveries send. `id` goes in the scheme's
   * delivery-id header where it has one.
   */
  sign(body: Buffer, secret: string, delivery: Delivery): Record<string, string>;
  /** The delivery id a verified request carries in this scheme's headers, the same on every retry: the event's dedupe key. */
  deliveryId?(headers: IncomingHttpHeaders): string | undefined;
  /**
   * Why a secret the operator chose is too weak to start with (never quoting it), if it is.
   * Absent where the provider issues the secret: the operator cannot make it longer.
   */
  secretWeakness?(secret: string): string | undefined;
}

/** The shortest secret an operator may choose: 32 characters, 256 bits of hex (`openssl rand -hex 16`) or more of anything richer. */
export const MIN_SECRET_LENGTH = 32;

/** The rule for secrets the operator makes up: at least MIN_SECRET_LENGTH characters. */
export function shortSecret(secret: string): string | undefined {
  return secret.length < MIN_SECRET_LENGTH ? `is shorter than ${MIN_SECRET_LENGTH} characters` : undefined;
}

/** What identifies one delivery: its id and when it is sent. */
export interface Delivery {
  id: string;
  nowMs: number;
}

/** A header's value when it was sent once and is not empty. */
export function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Whether a signed time (in seconds) is within the tolerance of now, either way. */
export function withinTolerance(signedAtSeconds: number, { nowMs, toleranceSeconds }: VerificationContext): boolean {
  return Number.isFinite(signedAtSeconds) && Math.abs(nowMs / 1000 - signedAtSeconds) <= toleranceSeconds;
}

export const BAD_SIGNATURE = 'Invalid webhook signature.';
export const missingHeader = (name: string) => `Missing ${name} header.`;
export const staleTimestamp = (name: string, { toleranceSeconds }: VerificationContext) =>
  `${name} is not a time within ${toleranceSeconds} s of now.`;
