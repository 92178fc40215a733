import { createHmac } from 'node:crypto';
import { isValidSignature, signPayload } from './hmac-sha256.verifier.js';

const SECRET = 'whsec-current';
const raw = Buffer.from('{"event":"payment.success","order_id":"ORD-1","amount":2499.00}');
const hmacHex = (body: Buffer | string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('signPayload', () => {
  it('is the hex HMAC-SHA256 of the bytes', () => {
    expect(signPayload(raw, SECRET)).toBe(hmacHex(raw, SECRET));
    expect(signPayload(raw, SECRET)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('isValidSignature', () => {
  const good = hmacHex(raw, SECRET);

  it('accepts the bare hex HMAC of the raw bytes', () => {
    expect(isValidSignature(raw, good, [SECRET])).toBe(true);
  });

  it('accepts the sha256= prefix', () => {
    expect(isValidSignature(raw, `sha256=${good}`, [SECRET])).toBe(true);
  });

  it('accepts sha256= only as a prefix, not anywhere else in the header', () => {
    expect(isValidSignature(raw, `${good.slice(0, 10)}sha256=${good.slice(10)}`, [SECRET])).toBe(false);
    expect(isValidSignature(raw, `${good}sha256=`, [SECRET])).toBe(false);
    expect(isValidSignature(raw, `sha256=sha256=${good}`, [SECRET])).toBe(false);
  });

  it('accepts upper-case hex, with or without the prefix', () => {
    expect(isValidSignature(raw, good.toUpperCase(), [SECRET])).toBe(true);
    expect(isValidSignature(raw, `sha256=${good.toUpperCase()}`, [SECRET])).toBe(true);
  });

  it('is over the raw bytes: the same JSON re-serialised with other spacing fails', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 2));
    expect(JSON.parse(reserialised.toString())).toEqual(JSON.parse(raw.toString()));
    expect(isValidSignature(reserialised, good, [SECRET])).toBe(false);
  });

  it('fails when one byte of the body changes', () => {
    const tampered = Buffer.from(raw);
    tampered[tampered.length - 2] ^= 1;
    expect(isValidSignature(tampered, good, [SECRET])).toBe(false);
  });

  it('accepts a signature made with any of several active secrets (rotation)', () => {
    const secrets = ['whsec-old', 'whsec-new'];
    expect(isValidSignature(raw, hmacHex(raw, 'whsec-old'), secrets)).toBe(true);
    expect(isValidSignature(raw, hmacHex(raw, 'whsec-new'), secrets)).toBe(true);
    expect(isValidSignature(raw, hmacHex(raw, 'whsec-retired'), secrets)).toBe(false);
  });

  it('rejects a signature made with a wrong secret', () => {
    expect(isValidSignature(raw, hmacHex(raw, 'someone-else'), [SECRET])).toBe(false);
  });

  it('rejects everything when the provider has no secret', () => {
    expect(isValidSignature(raw, good, [])).toBe(false);
  });

  it.each([
    ['too short', good.slice(0, 62)],
    ['too long', `${good}00`],
    ['the hex of a truncated digest', good.slice(0, 32)],
  ])('rejects a signature of the wrong length (%s)', (_, header) => {
    expect(isValidSignature(raw, header, [SECRET])).toBe(false);
  });

  it.each([
    ['non-hex characters', `${good.slice(0, 63)}g`],
    ['base64 of the digest', createHmac('sha256', SECRET).update(raw).digest('base64')],
    ['another prefix', `sha1=${good}`],
  ])('rejects a signature that is not 64 hex digits (%s)', (_, header) => {
    expect(isValidSignature(raw, header, [SECRET])).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['only the prefix', 'sha256='],
  ])('rejects a missing signature (%s)', (_, header) => {
    expect(isValidSignature(raw, header, [SECRET])).toBe(false);
  });
});
