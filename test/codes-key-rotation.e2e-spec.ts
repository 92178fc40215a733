import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { FieldCipher, keyId } from '../src/common/security/field-encryption.js';
import { main as codesReseal } from '../scripts/codes-reseal.js';
import { FakeSmtpServer } from './support/fake-smtp-server.js';
import { TestDatabase } from './support/test-database.js';
import { TEST_REDIS_URL, TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const OLD_KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);
const CODE = `CODE-${process.pid}-ROTATE-QWERTY`;
const PIN = 'PIN-5150-RT';
const LEGACY_CODE = `CODE-${process.pid}-LEGACY-ASDFGH`;

/** A value as the service sealed it before key ids: `v1.<iv>.<tag>.<ciphertext>`. */
function sealedTheLegacyWay(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
}

const supplierEvent = (event: 'order.created' | 'order.fulfilled', reference: string, second: number, items?: object[]) => ({
  event,
  timestamp: new Date(Date.UTC(2026, 4, 1, 14, 0, second)).toISOString(),
  data: {
    order_id: `SUP-${reference}`,
    reference,
    status: event === 'order.created' ? 'created' : 'fulfilled',
    ...(items ? { items } : {}),
  },
});

describe('rotating CODES_ENCRYPTION_KEY (HTTP, Postgres, Redis, Bull worker, SMTP peer, npm run codes:reseal)', () => {
  let db: TestDatabase;
  let smtp: FakeSmtpServer;
  let rotated: TestApp | undefined;
  const queuePrefix = `test-${randomBytes(6).toString('hex')}`;
  const orderId = `ORD-ROT-${randomBytes(3).toString('hex')}`;
  const resealEnv = () => ({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    CODES_ENCRYPTION_KEY: NEW_KEY.toString('hex'),
    CODES_ENCRYPTION_KEYS_OLD: OLD_KEY.toString('base64'),
    LOG_LEVEL: 'silent',
  });
  const reseal = async (argv: string[]) => {
    const lines: string[] = [];
    const code = await codesReseal(argv, resealEnv(), (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  beforeAll(async () => {
    [db, smtp] = await Promise.all([TestDatabase.create(), FakeSmtpServer.start()]);
  });

  afterAll(async () => {
    await rotated?.stop();
    await smtp.stop();
    await db.drop();
  });

  it('delivers a code sealed under the old key after the rotation, and codes:reseal moves every row under the new key', async () => {
    // Before the rotation: an api replica on the old key seals the codes as they arrive and stores the events.
    const before = await TestApp.start({
      database: db,
      queuePrefix,
      env: { APP_ROLE: 'api', CODES_ENCRYPTION_KEY: OLD_KEY.toString('hex'), SMTP_URL: smtp.url },
    });
    let fulfilledId: string;
    try {
      await before.createOrder({ id: orderId, kind: 'digital', amount: 20.0, currency: 'USD' });
      expect((await before.post('supplier', supplierEvent('order.created', orderId, 1))).status).toBe(200);
      const response = await before.post(
        'supplier',
        supplierEvent('order.fulfilled', orderId, 2, [{ sku: 'steam-20-usd', code: CODE, pin: PIN }]),
      );
      expect(response.status).toBe(200);
      fulfilledId = response.body.eventId as string;
    } finally {
      await before.stop();
    }
    const [stored] = await db.query<{ payload: { data: { items: Array<{ code: string }> } } }>(
      'SELECT payload FROM webhook_events WHERE id = $1',
      [fulfilledId],
    );
    expect(stored.payload.data.items[0].code.startsWith(`v2.${keyId(OLD_KEY)}.`)).toBe(true);

    // The rotation: CODES_ENCRYPTION_KEY is the new key, the old one is in CODES_ENCRYPTION_KEYS_OLD.
    rotated = await TestApp.start({
      database: db,
      queuePrefix,
      env: { CODES_ENCRYPTION_KEY: NEW_KEY.toString('hex'), CODES_ENCRYPTION_KEYS_OLD: OLD_KEY.toString('hex'), SMTP_URL: smtp.url },
    });
    expect(await rotated.settled(fulfilledId)).toMatchObject({ status: 'processed', outcome: 'applied' });
    const [mail] = await smtp.waitForMessages((message) => message.subject === `Your codes for order ${orderId}`);
    expect(mail.text).toContain(`steam-20-usd: ${CODE} (PIN ${PIN})`);

    // A code sealed before key ids, under the old key, as an older release stored it.
    await db.query('INSERT INTO digital_codes (id, order_id, sku, code_sealed, pin_sealed) VALUES ($1, $2, $3, $4, NULL)', [
      randomUUID(),
      orderId,
      'legacy-sku',
      sealedTheLegacyWay(OLD_KEY, LEGACY_CODE),
    ]);

    const dryRun = await reseal([]);
    expect(dryRun).toEqual({
      code: 0,
      output: expect.stringContaining(
        'digital_codes: 2 row(s) to re-seal\nnotifications: 1 row(s) to re-seal\nwebhook_events: 1 row(s) to re-seal',
      ),
    });
    expect(dryRun.output).toContain('dry run: nothing changed');
    expect(dryRun.output).not.toContain(NEW_KEY.toString('hex'));
    const untouched = await db.query<{ code_sealed: string }>('SELECT code_sealed FROM digital_codes WHERE order_id = $1', [orderId]);
    expect(untouched.every((row) => !row.code_sealed.startsWith(`v2.${keyId(NEW_KEY)}.`))).toBe(true);

    const applied = await reseal(['--apply']);
    expect(applied.code).toBe(0);
    expect(applied.output).toContain('digital_codes: 2 row(s) re-sealed');
    expect(applied.output).toContain('notifications: 1 row(s) re-sealed');
    expect(applied.output).toContain('webhook_events: 1 row(s) re-sealed');
    expect((await reseal([])).output).toContain(
      'digital_codes: 0 row(s) to re-seal\nnotifications: 0 row(s) to re-seal\nwebhook_events: 0 row(s) to re-seal',
    );

    // Every value now opens with the new key alone: the old one can be dropped.
    const newOnly = new FieldCipher(NEW_KEY);
    const codes = await db.query<{ sku: string; code_sealed: string; pin_sealed: string | null }>(
      'SELECT sku, code_sealed, pin_sealed FROM digital_codes WHERE order_id = $1 ORDER BY sku',
      [orderId],
    );
    expect(codes.map((row) => [row.sku, newOnly.open(row.code_sealed), row.pin_sealed && newOnly.open(row.pin_sealed)])).toEqual([
      ['legacy-sku', LEGACY_CODE, null],
      ['steam-20-usd', CODE, PIN],
    ]);
    const [email] = await db.query<{ payload: { items: Array<{ code: string; pin: string }> } }>(
      "SELECT payload FROM notifications WHERE template = 'digital.codes_delivered' AND payload->>'orderId' = $1",
      [orderId],
    );
    expect([newOnly.open(email.payload.items[0].code), newOnly.open(email.payload.items[0].pin)]).toEqual([CODE, PIN]);
    const [event] = await db.query<{ payload: { data: { items: Array<{ code: string; pin: string }> } } }>(
      'SELECT payload FROM webhook_events WHERE id = $1',
      [fulfilledId],
    );
    expect(newOnly.open(event.payload.data.items[0].code)).toBe(CODE);
    expect(event.payload).toMatchObject({ event: 'order.fulfilled', data: { reference: orderId, items: [{ sku: 'steam-20-usd' }] } });
    await waitFor(async () => (await rotated!.order(orderId)).fulfillmentStatus === 'fulfilled', { what: 'order still fulfilled' });
  });

  it('reports rows no key of the ring opens, leaves them, and exits 1', async () => {
    await db.query('INSERT INTO digital_codes (id, order_id, sku, code_sealed, pin_sealed) VALUES ($1, $2, $3, $4, NULL)', [
      randomUUID(),
      orderId,
      'lost-key-sku',
      new FieldCipher(randomBytes(32)).seal('UNREADABLE'),
    ]);
    const applied = await reseal(['--apply']);
    expect(applied.code).toBe(1);
    expect(applied.output).toContain('digital_codes: 0 row(s) re-sealed, 1 left: no key of the ring opens them');
  });

  it('refuses to run without CODES_ENCRYPTION_KEY, and a bad old key, naming the setting and never the key', async () => {
    const lines: string[] = [];
    expect(await codesReseal([], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, (line) => lines.push(line))).toBe(2);
    expect(lines.join('\n')).toContain('CODES_ENCRYPTION_KEY is not set');
    const bad = randomBytes(8).toString('hex');
    lines.length = 0;
    expect(await codesReseal([], { ...resealEnv(), CODES_ENCRYPTION_KEYS_OLD: bad }, (line) => lines.push(line))).toBe(2);
    expect(lines.join('\n')).toContain('CODES_ENCRYPTION_KEYS_OLD: key 1 of 1 must be 32 bytes');
    expect(lines.join('\n')).not.toContain(bad);
  });
});
