import { UnsealError } from './unseal.error.js';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Sealed values with a key id. */
const VERSION = 'v2';
/** Sealed values from before key ids, under the one key of the time. */
const LEGACY_VERSION = 'v1';

/** 64 hex digits, or the 44-character base64 of 32 bytes. */
export const ENCRYPTION_KEY_PATTERN = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/;

/** Decodes a 256-bit key given as 64 hex digits or as base64; throws without echoing the key. */
export function parseEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (!ENCRYPTION_KEY_PATTERN.test(trimmed) || key.length !== KEY_BYTES) {
    throw new Error('an encryption key must be 32 bytes, as 64 hex digits or base64');
  }
  return key;
}

/**
 * A key's id as sealed values carry it: the first 8 base64url characters of
 * an HMAC of a fixed label under the key. Derived, so operators name no ids
 * and two deployments with the same key agree; one-way, so it tells nothing
 * of the key.
 */
export function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('field-cipher key id').digest('base64url').slice(0, 8);
}

/**
 * Seals single fields (digital codes, PINs) with AES-256-GCM for storage at
 * rest, under a ring of keys, newest first. A sealed value is
 * `v2.<key id>.<iv>.<tag>.<ciphertext>` in base64url: plain text that fits any
 * varchar or JSON column, and that GCM's tag makes tamper-evident. A fresh
 * random IV per value means equal codes seal differently. New values are
 * sealed under the newest key; a value is opened by the key its id names, so
 * retired keys stay in the ring until `npm run codes:reseal` has moved every
 * value off them. Values sealed before key ids (`v1.<iv>.<tag>.<ciphertext>`)
 * were sealed under the one key of the time: each key of the ring is tried,
 * and GCM's tag tells the right one.
 */
export class FieldCipher {
  private readonly keys: ReadonlyArray<{ id: string; key: Buffer }>;

  /** `keys` newest first; one key is a ring of one. */
  constructor(keys: Buffer | readonly Buffer[]) {
    const ring = Buffer.isBuffer(keys) ? [keys] : keys;
    if (ring.length === 0 || ring.some((key) => key.length !== KEY_BYTES)) throw new Error(`FieldCipher needs ${KEY_BYTES}-byte keys`);
    this.keys = ring.map((key) => ({ id: keyId(key), key: Buffer.from(key) }));
  }

  /** The id of the key new values are sealed under. */
  get currentKeyId(): string {
    return this.keys[0].id;
  }

  seal(plain: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, id, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
  }

  open(sealed: string): string {
    const parts = sealed.split('.');
    if (parts[0] === VERSION && parts.length === 5) {
      const [, id, iv, tag, ciphertext] = parts;
      const entry = this.keys.find((candidate) => candidate.id === id);
      if (!entry) throw new UnsealError();
      return openWith(entry.key, iv, tag, ciphertext);
    }
    if (parts[0] === LEGACY_VERSION && parts.length === 4) {
      const [, iv, tag, ciphertext] = parts;
      for (const { key } of this.keys) {
        try {
          return openWith(key, iv, tag, ciphertext);
        } catch {
          // the next key of the ring, maybe
        }
      }
    }
    throw new UnsealError();
  }

  /** Whether `sealed` is sealed under the newest key already: nothing for codes:reseal to do. */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${VERSION}.${this.currentKeyId}.`);
  }

  /** `sealed` under the newest key: as it is when it already is, else opened and sealed again. */
  reseal(sealed: string): string {
    return this.isCurrent(sealed) ? sealed : this.seal(this.open(sealed));
  }
}

function openWith(key: Buffer, iv: string, tag: string, ciphertext: string): string {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new UnsealError();
  }
}
