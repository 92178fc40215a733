import { createCipheriv, randomBytes } from 'node:crypto';
import { FieldCipher, keyId, parseEncryptionKey } from './field-encryption.js';
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
    expect(first).toMatch(/^v2\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toContain('XXXXX');
  });

  it('refuses a sealed value whose ciphertext, tag or IV was altered', () => {
    const [version, id, iv, tag, ciphertext] = cipher.seal('XXXXX-YYYYY-ZZZZZ').split('.');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 0x01;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [version, id, iv, tag, flip(ciphertext)],
      [version, id, iv, flip(tag), ciphertext],
      [version, id, flip(iv), tag, ciphertext],
      [version, id, iv, tag.slice(0, 8), ciphertext],
    ]) {
      expect(() => cipher.open(tampered.join('.'))).toThrow(UnsealError);
    }
  });

  it('refuses values that are not sealed at all', () => {
    for (const value of ['XXXXX-YYYYY-ZZZZZ', 'v2.a.b.c', 'v1.only-two', 'v3.a.b.c.d', '']) {
      expect(() => cipher.open(value)).toThrow(UnsealError);
    }
  });

  it('cannot open a value sealed under another key', () => {
    const sealed = new FieldCipher(randomBytes(32)).seal('XXXXX-YYYYY-ZZZZZ');
    expect(() => cipher.open(sealed)).toThrow(UnsealError);
  });

  it('needs 32-byte keys, and at least one', () => {
    expect(() => new FieldCipher(randomBytes(16))).toThrow('32-byte keys');
    expect(() => new FieldCipher([randomBytes(32), randomBytes(31)])).toThrow('32-byte keys');
    expect(() => new FieldCipher([])).toThrow('32-byte keys');
  });
});

/** A value as FieldCipher sealed it before key ids: `v1.<iv>.<tag>.<ciphertext>`. */
function sealedTheLegacyWay(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

describe('FieldCipher key ring', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = new FieldCipher(oldKey);
  const after = new FieldCipher([newKey, oldKey]);

  it('names each key by a derived id that tells nothing of it', () => {
    expect(keyId(oldKey)).toMatch(/^[\w-]{8}$/);
    expect(keyId(oldKey)).toBe(keyId(Buffer.from(oldKey)));
    expect(keyId(oldKey)).not.toBe(keyId(newKey));
    expect(oldKey.toString('base64url')).not.toContain(keyId(oldKey));
    expect(after.currentKeyId).toBe(keyId(newKey));
  });

  it('seals under the newest key, and its value carries that key id', () => {
    const sealed = after.seal('XXXXX-YYYYY-ZZZZZ');
    expect(sealed.split('.')[1]).toBe(keyId(newKey));
    expect(new FieldCipher(newKey).open(sealed)).toBe('XXXXX-YYYYY-ZZZZZ');
    expect(() => before.open(sealed)).toThrow(UnsealError);
  });

  it('still opens what an older key of the ring sealed', () => {
    expect(after.open(before.seal('XXXXX-YYYYY-ZZZZZ'))).toBe('XXXXX-YYYYY-ZZZZZ');
  });

  it('opens values sealed before key ids with whichever key of the ring sealed them', () => {
    expect(after.open(sealedTheLegacyWay(oldKey, 'LEGACY-OLD'))).toBe('LEGACY-OLD');
    expect(after.open(sealedTheLegacyWay(newKey, 'LEGACY-NEW'))).toBe('LEGACY-NEW');
    expect(() => after.open(sealedTheLegacyWay(randomBytes(32), 'LEGACY-OTHER'))).toThrow(UnsealError);
  });

  it('refuses a value whose key id is not in the ring (a retired key dropped too early)', () => {
    expect(() => new FieldCipher(newKey).open(before.seal('XXXXX'))).toThrow(UnsealError);
  });

  it('re-seals old and legacy values under the newest key, and leaves current ones as they are', () => {
    const current = after.seal('CURRENT');
    expect(after.isCurrent(current)).toBe(true);
    expect(after.reseal(current)).toBe(current);
    for (const old of [before.seal('OLD'), sealedTheLegacyWay(oldKey, 'OLD')]) {
      expect(after.isCurrent(old)).toBe(false);
      const moved = after.reseal(old);
      expect(after.isCurrent(moved)).toBe(true);
      expect(new FieldCipher(newKey).open(moved)).toBe('OLD');
    }
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
