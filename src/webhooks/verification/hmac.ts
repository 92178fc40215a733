import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the parts, one after another, under `key`. */
export function hmacSha256(key: string | Buffer, ...parts: Array<string | Buffer>): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/**
 * True when any given signature equals any expected one. Every pair is
 * compared in constant time (after a length check, which tells nothing of
 * the value), so the time taken does not tell which secret matched.
 */
export function matchesAny(expected: readonly Buffer[], given: readonly Buffer[]): boolean {
  let matched = false;
  for (const want of expected) {
    for (const got of given) {
      matched = (got.length === want.length && timingSafeEqual(got, want)) || matched;
    }
  }
  return matched;
}

/** Base64 decoded strictly: undefined for anything that is not canonical base64 (so junk never decodes to a short buffer). */
export function strictBase64(value: string): Buffer | undefined {
  const bytes = Buffer.from(value, 'base64');
  return bytes.length > 0 && bytes.toString('base64') === value ? bytes : undefined;
}

/** Lower- or upper-case hex of exactly `bytes` bytes, else undefined. */
export function strictHex(value: string, bytes = 32): Buffer | undefined {
  return new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(value) ? Buffer.from(value, 'hex') : undefined;
}
