import { PAYLOAD_LIMITS, REDACTED, redactPayload } from './payload-redactor.js';
import { isSensitiveKey } from './sensitive-data.js';

describe('redactPayload', () => {
  it('masks sensitive keys at any depth, whatever their case or spelling', () => {
    const payload = {
      event: 'order.fulfilled',
      order_id: 'ORD-1',
      Signature: 'sha256=abc',
      customer: { email: 'a@b.example', phone: '+919876543210' },
      shipping: { Customer_Name: 'John Doe', deliveryAddress: '1 Main St', pincode: '560001' },
      items: [{ sku: 'GIFT-500', codes: ['AAAA-BBBB'], voucherCode: 'XYZ', PIN: '1234' }],
      cardNumber: '4111111111111111',
      card_last4: '1111',
      CVV: '123',
      signature_url: 'https://cdn.example/sig.png',
      api_key: 'k',
      accessToken: 't',
      client_secret: 's',
      password: 'p',
      recipient: 'x',
    };

    expect(redactPayload(payload)).toEqual({
      event: 'order.fulfilled',
      order_id: 'ORD-1',
      Signature: REDACTED,
      customer: REDACTED,
      shipping: { Customer_Name: REDACTED, deliveryAddress: REDACTED, pincode: '560001' },
      items: [{ sku: 'GIFT-500', codes: REDACTED, voucherCode: REDACTED, PIN: REDACTED }],
      cardNumber: REDACTED,
      card_last4: REDACTED,
      CVV: REDACTED,
      signature_url: REDACTED,
      api_key: REDACTED,
      accessToken: REDACTED,
      client_secret: REDACTED,
      password: REDACTED,
      recipient: REDACTED,
    });
  });

  it('keeps ordinary fields, including words that merely contain a sensitive one', () => {
    const payload = { event: 'shipment.shipped', shipping_id: 'SHP-1', tracking_number: 'TRK', amount: 10.5, paid: true, note: null };
    expect(redactPayload(payload)).toEqual(payload);
  });

  it('masks e-mail addresses inside any string', () => {
    expect(redactPayload({ note: 'customer john.doe+x@example.co.in complained' })).toEqual({
      note: `customer ${REDACTED} complained`,
    });
  });

  it('does not change its input', () => {
    const payload = { customer: { email: 'a@b.example' } };
    redactPayload(payload);
    expect(payload.customer.email).toBe('a@b.example');
  });

  it('cuts long strings, long arrays, wide objects and deep nesting', () => {
    const wide = Object.fromEntries(Array.from({ length: PAYLOAD_LIMITS.keys + 5 }, (_, i) => [`k${i}`, i]));
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < PAYLOAD_LIMITS.depth + 2; i += 1) deep = { next: deep };

    const result = redactPayload({ long: 'x'.repeat(10_000), list: Array(100).fill(1), wide, deep }) as Record<string, any>;

    expect(result.long).toMatch(/^x{256}…\[10000 characters\]$/);
    expect(result.list).toHaveLength(PAYLOAD_LIMITS.items + 1);
    expect(result.list.at(-1)).toBe('[truncated: 80 more items]');
    expect(Object.keys(result.wide)).toHaveLength(PAYLOAD_LIMITS.keys + 1);
    expect(result.wide._truncated).toBe('5 more keys');
    expect(JSON.stringify(result.deep)).toContain('[truncated: too deep]');
    expect(JSON.stringify(result).length).toBeLessThanOrEqual(PAYLOAD_LIMITS.totalChars);
  });

  it('replaces a payload still too big after cutting with a note of its size', () => {
    const huge = {
      rows: Array.from({ length: 20 }, () => Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, 'y'.repeat(300)]))),
    };
    expect(redactPayload(huge)).toEqual({ _truncated: expect.stringMatching(/^payload of \d+ characters after redaction$/) });
  });

  it('leaves no text Postgres refuses: \\u0000 and unpaired surrogates, also where a cut splits an emoji', () => {
    const cutInEmoji = `${'x'.repeat(PAYLOAD_LIMITS.stringLength - 1)}😀 and more`;
    const result = redactPayload({ 'k\u0000': 'a\u0000b', lone: '\ud800', cutInEmoji }) as Record<string, string>;

    expect(result).toEqual({
      'k\ufffd': 'a\ufffdb',
      lone: '\ufffd',
      cutInEmoji: expect.stringMatching(/^x{255}\ufffd…\[\d+ characters\]$/),
    });
  });

  it('caps keys as values are: a long key is cut and its value masked, without scanning it whole', () => {
    const longKey = `order_${'x'.repeat(60_000)}`;
    const redacted = redactPayload({ [longKey]: 'value', [`${'y'.repeat(70)}secret`]: 'hunter2', 'jane@example.com': 1 }) as Record<
      string,
      unknown
    >;
    const keys = Object.keys(redacted);
    expect(keys.every((key) => key.length < 100)).toBe(true);
    expect(keys[0]).toBe(`order_${'x'.repeat(58)}…[60006 characters]`);
    expect(Object.values(redacted).slice(0, 2)).toEqual(['[redacted]', '[redacted]']);
    expect(JSON.stringify(redacted)).not.toContain('jane@example.com');
  });

  it('gives a key the same verdict every time, also after thousands of other keys were seen', () => {
    const payload = { card_number: '4111', order_id: 'ORD-1', 'jane@example.com': 1 };
    const first = redactPayload(payload);
    for (let round = 0; round < 5; round += 1) {
      redactPayload(Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`field_${round}_${i}_${'k'.repeat(20)}`, i])));
    }
    for (let i = 0; i < 3_000; i += 1) redactPayload({ [`other_${i}`]: 1 });
    expect(redactPayload(payload)).toEqual(first);
    expect(first).toEqual({ card_number: '[redacted]', order_id: 'ORD-1', '[redacted]': 1 });
  });

  it('passes scalars through', () => {
    expect(redactPayload(42)).toBe(42);
    expect(redactPayload(null)).toBeNull();
  });
});

describe('isSensitiveKey', () => {
  it.each(['signature', 'X-Webhook-Signature', 'x-api-key', 'apiKey', 'customerEmail', 'mobile_number', 'otp', 'to'])(
    '%s is sensitive',
    (key) => {
      expect(isSensitiveKey(key)).toBe(true);
    },
  );

  it.each(['event', 'order_id', 'status', 'shipping_id', 'timestamp', 'total', 'transferId'])('%s is not', (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  });
});
