import { hmacSha256, matchesAny } from './hmac.js';
import { BAD_SIGNATURE, missingHeader, type SignedRequest, singleHeader } from './webhook-verifier.js';

/**
 * The refusal of a scheme whose signature is the HMAC-SHA256 of the raw body
 * alone (no timestamp) in one header, decoded by `decode` (hex, base64):
 * Razorpay's and Shopify's.
 */
export function bodyHmacRefusal(
  { headers, body }: SignedRequest,
  secrets: readonly string[],
  header: string,
  decode: (value: string) => Buffer | undefined,
): string | undefined {
  const value = singleHeader(headers, header);
  if (!value) return missingHeader(header);
  const given = decode(value.trim());
  if (!given) return BAD_SIGNATURE;
  return matchesAny(
    secrets.map((secret) => hmacSha256(secret, body)),
    [given],
  )
    ? undefined
    : BAD_SIGNATURE;
}
