import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/app-config.js';
import { CodesCipherService } from './codes-cipher.service.js';
import type { SupplierWebhookDto } from './dto/supplier-webhook.dto.js';

const ADMIN_API_KEY = 'admin-key-0123456789-abcdef';
const configWithKey = (key: Buffer | null, old: Buffer[] = []) =>
  ({ digitalGoods: { codesEncryptionKey: key, codesEncryptionKeysOld: old, supplierSlaMinutes: 30 } }) as AppConfig;

const fulfilled = (): SupplierWebhookDto => ({
  event: 'order.fulfilled',
  timestamp: '2026-05-01T14:23:11Z',
  data: {
    order_id: 'SUP-99887',
    reference: 'ORD-12345',
    status: 'fulfilled',
    items: [
      { sku: 'steam-20-usd', code: 'XXXXX-YYYYY-ZZZZZ', pin: 'PIN-9876' },
      { sku: 'psn-10-usd', code: 'AAAAA-BBBBB', pin: null },
    ],
  },
});

describe('CodesCipherService', () => {
  const codes = new CodesCipherService(configWithKey(randomBytes(32)));

  it('seals every code and PIN of a payload, leaves the rest as it was, and opens them again', () => {
    const body = fulfilled();
    const sealed = codes.sealItems(body);

    expect(JSON.stringify(sealed)).not.toMatch(/XXXXX|AAAAA|PIN-9876/);
    expect(sealed.data).toMatchObject({
      order_id: 'SUP-99887',
      reference: 'ORD-12345',
      items: [{ sku: 'steam-20-usd' }, { sku: 'psn-10-usd', pin: null }],
    });
    const [first, second] = sealed.data.items!;
    expect([codes.open(first.code!), codes.open(first.pin!), codes.open(second.code!)]).toEqual([
      'XXXXX-YYYYY-ZZZZZ',
      'PIN-9876',
      'AAAAA-BBBBB',
    ]);
    expect(body.data.items![0].code).toBe('XXXXX-YYYYY-ZZZZZ');
  });

  it('leaves a payload without items alone', () => {
    const body = { ...fulfilled(), event: 'balance.low' as const, data: { balance: 1 } };
    expect(codes.sealItems(body)).toBe(body);
  });

  it('refuses to seal or open without a key', () => {
    const keyless = new CodesCipherService(configWithKey(null));
    expect(() => keyless.sealItems(fulfilled())).toThrow('CODES_ENCRYPTION_KEY is not set');
    expect(() => keyless.open('v1.a.b.c')).toThrow('CODES_ENCRYPTION_KEY is not set');
  });
});

describe('CODES_ENCRYPTION_KEY and SUPPLIER_SLA_MINUTES settings', () => {
  const hexKey = randomBytes(32).toString('hex');

  it('read a hex or base64 key, and the SLA with its default of 30 minutes', () => {
    const key = randomBytes(32);
    expect(loadConfig({ ADMIN_API_KEY, CODES_ENCRYPTION_KEY: key.toString('base64') }).digitalGoods).toEqual({
      codesEncryptionKey: key,
      codesEncryptionKeysOld: [],
      supplierSlaMinutes: 30,
    });
    expect(loadConfig({ ADMIN_API_KEY, CODES_ENCRYPTION_KEY: hexKey, SUPPLIER_SLA_MINUTES: '45' }).digitalGoods.supplierSlaMinutes).toBe(
      45,
    );
  });

  it('need a key once supplier webhooks are enabled, and none before', () => {
    expect(loadConfig({ ADMIN_API_KEY }).digitalGoods.codesEncryptionKey).toBeNull();
    expect(() => loadConfig({ ADMIN_API_KEY, WEBHOOK_SECRET_SUPPLIER: 'supplier-secret' })).toThrow(
      'CODES_ENCRYPTION_KEY must be set to 32 bytes, as 64 hex digits or base64',
    );
  });

  it('read CODES_ENCRYPTION_KEYS_OLD, hex or base64, comma-separated, into the ring after the current key', () => {
    const [current, older, oldest] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const config = loadConfig({
      ADMIN_API_KEY,
      CODES_ENCRYPTION_KEY: current.toString('hex'),
      CODES_ENCRYPTION_KEYS_OLD: `${older.toString('base64')}, ${oldest.toString('hex')}`,
    });
    expect(config.digitalGoods.codesEncryptionKeysOld).toEqual([older, oldest]);
    const codes = new CodesCipherService(config);
    const sealedByOldest = new CodesCipherService(configWithKey(oldest)).sealItems(fulfilled());
    expect(codes.open(sealedByOldest.data.items![0].code!)).toBe('XXXXX-YYYYY-ZZZZZ');
    expect(codes.isCurrent(sealedByOldest.data.items![0].code!)).toBe(false);
    expect(codes.isCurrent(codes.reseal(sealedByOldest.data.items![0].code!))).toBe(true);
  });

  it('refuse a bad CODES_ENCRYPTION_KEYS_OLD entry naming its position, never the key', () => {
    const good = randomBytes(32).toString('hex');
    const bad = randomBytes(20).toString('hex');
    let message = '';
    try {
      loadConfig({ ADMIN_API_KEY, CODES_ENCRYPTION_KEY: hexKey, CODES_ENCRYPTION_KEYS_OLD: `${good},${bad}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('CODES_ENCRYPTION_KEYS_OLD: key 2 of 2 must be 32 bytes, as 64 hex digits or base64');
    expect(message).not.toContain(bad);
    expect(message).not.toContain(good);
  });

  it('refuse old keys without a current one to seal under', () => {
    expect(() => loadConfig({ ADMIN_API_KEY, CODES_ENCRYPTION_KEYS_OLD: hexKey })).toThrow(
      'CODES_ENCRYPTION_KEYS_OLD is set without CODES_ENCRYPTION_KEY',
    );
  });

  it('refuse a key of the wrong size without showing it', () => {
    const short = randomBytes(16).toString('hex');
    let message = '';
    try {
      loadConfig({ ADMIN_API_KEY, CODES_ENCRYPTION_KEY: short });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('CODES_ENCRYPTION_KEY must be set to 32 bytes');
    expect(message).not.toContain(short);
  });

  it('refuse an SLA of zero minutes', () => {
    expect(() => loadConfig({ ADMIN_API_KEY, SUPPLIER_SLA_MINUTES: '0' })).toThrow('SUPPLIER_SLA_MINUTES');
  });
});
