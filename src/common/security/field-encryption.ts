import { UnsealError } from './unseal.error.js';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

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
 * Seals single fields (digital codes, PINs) with AES-256-GCM for storage at
 * rest. A sealed value is `v1.<iv>.<tag>.<ciphertext>` in base64url: plain
 * text that fits any varchar or JSON column, and that GCM's tag makes
 * tamper-evident. A fresh random IV per value means equal codes seal
 * differently.
 */
export class FieldCipher {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`FieldCipher needs a ${KEY_BYTES}-byte key`);
    this.key = Buffer.from(key);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || ciphertext === undefined) throw new UnsealError();
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnsealError();
    }
  }
}
