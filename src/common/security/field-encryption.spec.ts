import { randomBytes } from 'node:crypto';
import { FieldCipher, parseEncryptionKey } from './field-encryption.js';
import { UnsealError } from './unseal.error.js';

describe('FieldCipher', () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('opens what it sealed, for ASCII, Unicode and empty values', () => {
    for (const plain of ['XXXXX-YYYYY-ZZZZZ', 'कोड-१२३४', '']) {
      expect(cipher.open(cipher.seal(plain))).toBe(plain);
    }
  });

  it('seals the same value differently each time and never contains it in clear', () => {
    const first = cipher.seal('XXXXX-YYYYY-ZZZZZ');
    const second = cipher.seal('XXXXX-YYYYY-ZZZZZ');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toContain('XXXXX');
  });

  it('refuses a sealed value whose ciphertext, tag or IV was altered', () => {
    const [version, iv, tag, ciphertext] = cipher.seal('XXXXX-YYYYY-ZZZZZ').split('.');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 0x01;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [version, iv, tag, flip(ciphertext)],
      [version, iv, flip(tag), ciphertext],
      [version, flip(iv), tag, ciphertext],
      [version, iv, tag.slice(0, 8), ciphertext],
    ]) {
      expect(() => cipher.open(tampered.join('.'))).toThrow(UnsealError);
    }
  });

  it('refuses values that are not sealed at all', () => {
    for (const value of ['XXXXX-YYYYY-ZZZZZ', 'v2.a.b.c', 'v1.only-two', '']) {
      expect(() => cipher.open(value)).toThrow(UnsealError);
    }
  });

  it('cannot open a value sealed under another key', () => {
    const sealed = new FieldCipher(randomBytes(32)).seal('XXXXX-YYYYY-ZZZZZ');
    expect(() => cipher.open(sealed)).toThrow(UnsealError);
  });

  it('needs a 32-byte key', () => {
    expect(() => new FieldCipher(randomBytes(16))).toThrow('32-byte key');
  });
});

describe('parseEncryptionKey', () => {
  const key = randomBytes(32);

  it('reads 64 hex digits and 32-byte base64 as the same key', () => {
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
  });

  it('refuses keys of another length or encoding without echoing them', () => {
    for (const bad of ['', 'short', randomBytes(16).toString('base64'), randomBytes(31).toString('hex'), key.toString('base64url')]) {
      expect(() => parseEncryptionKey(bad)).toThrow('an encryption key must be 32 bytes, as 64 hex digits or base64');
    }
  });
});
