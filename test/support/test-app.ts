import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import { createHttpApp, createWorkerContext } from '../../src/app.factory.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { runMigrations } from '../../src/database/migrate.js';
import { WorkerProbeServer } from '../../src/health/worker-probe.server.js';
import { postWebhook, readJson, signedHeaders, type WebhookResponse } from './signing.js';
import { TestDatabase } from './test-database.js';
import { waitFor } from './wait-for.js';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';
/** Seals digital codes in tests (32 bytes, hex); never a real key. */
export const TEST_CODES_ENCRYPTION_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The secret each provider signs with in tests: `test-secret-<provider>-…`, 32+ characters as the start requires. */
export const testSecret = (provider: string) => `test-secret-${provider}-0123456789abcdef0123456789abcdef`;

const PROVIDERS = [
  'payment',
  'shipping',
  'gmetri-points',
  'supplier',
  'order-payment',
  'razorpay',
  'cashfree',
  'stripe',
  'shopify',
  'shiprocket',
];

export interface TestAppOptions {
  /** Settings over the test defaults, as environment variables. */
  env?: Record<string, string>;
  /** Share another instance's database (scale-out tests); otherwise a new one is made and dropped. */
  database?: TestDatabase;
  /** Share another instance's queue prefix, so both see the same queues. */
  queuePrefix?: string;
}

/**
 * The real application, as main.ts builds it, on its own database and Redis
 * key prefix, listening on an ephemeral port of 127.0.0.1.
 */
export class TestApp {
  private constructor(
    readonly config: AppConfig,
    readonly db: TestDatabase,
    private readonly ownsDatabase: boolean,
    readonly app: NestExpressApplication | INestApplicationContext,
    readonly url: string,
  ) {}

  static async start(options: TestAppOptions = {}): Promise<TestApp> {
    const ownsDatabase = !options.database;
    const db = options.database ?? (await TestDatabase.create());
    const config = loadConfig(testEnvironment(db, options));
    await runMigrations(config);
    if (!config.servesHttp) {
      const worker = await createWorkerContext(config);
      return new TestApp(config, db, ownsDatabase, worker, `http://127.0.0.1:${worker.get(WorkerProbeServer).port}`);
    }
    const app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
    return new TestApp(config, db, ownsDatabase, app, (await app.getUrl()).replace('[::1]', '127.0.0.1'));
  }

  /** Signs with the provider's test secret unless options say otherwise. */
  post(
    provider: string,
    body: object | string | Buffer,
    options: { secret?: string; headers?: Record<string, string> } = {},
  ): Promise<WebhookResponse> {
    return postWebhook(this.url, provider, body, { secret: testSecret(provider), ...options });
  }

  /**
   * Posts `body` as a provider of `scheme` signs it, with the provider's test secret unless one
   * is given; `delivery.id` fixes the delivery id (a provider's retry), `headers` adds or overrides.
   */
  postSigned(
    provider: string,
    scheme: string,
    body: object | string,
    options: { secret?: string; delivery?: { id?: string; nowMs?: number }; headers?: Record<string, string> } = {},
  ): Promise<WebhookResponse> {
    const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const signed = signedHeaders(scheme, raw, options.secret ?? testSecret(provider), options.delivery);
    return postWebhook(this.url, provider, raw, { headers: { ...signed, ...options.headers } });
  }

  /** An internal API call with the admin key. */
  async api(path: string, init: { method?: string; body?: unknown; apiKey?: string | null } = {}): Promise<WebhookResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.apiKey !== null) headers['x-api-key'] = init.apiKey ?? TEST_ADMIN_KEY;
    const response = await fetch(`${this.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: await readJson(response), headers: response.headers };
  }

  async createOrder(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const order = {
      id: `ORD-${randomBytes(4).toString('hex')}`,
      amount: 2499.0,
      currency: 'INR',
      kind: 'physical',
      customer: { email: 'john.doe@example.com', phone: '+919876543210' },
      ...overrides,
    };
    const response = await this.api('/api/v2/orders', { method: 'POST', body: order });
    if (response.status !== 201) throw new Error(`order not created: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async order(id: string): Promise<Record<string, unknown>> {
    return (await this.api(`/api/v2/orders/${id}`)).body;
  }

  async event(id: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.db.query('SELECT * FROM webhook_events WHERE id = $1', [id]);
    return row;
  }

  /** Waits until the worker has finished with an event (processed or dead) and returns its inbox row. */
  settled(id: string): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const row = await this.event(id);
        return row && ['processed', 'dead'].includes(row.status as string) ? row : undefined;
      },
      { what: `event ${id} processed or dead` },
    );
  }

  async stop(): Promise<void> {
    await this.app.close();
    if (this.ownsDatabase) await this.db.drop();
    await deleteQueueKeys(this.config.redis.url, this.config.redis.queuePrefix).catch(() => undefined);
  }
}

/** The settings a test instance runs with; also given to app processes a test spawns (test/support/app-process.ts). */
export function testEnvironment(db: TestDatabase, options: TestAppOptions): Record<string, string> {
  const secrets = Object.fromEntries(
    PROVIDERS.map((provider) => [`WEBHOOK_SECRET_${provider.toUpperCase().replace(/-/g, '_')}`, testSecret(provider)]),
  );
  return {
    NODE_ENV: 'test',
    // Failures the tests cause on purpose would fill the output; TEST_LOG_LEVEL=info (or error…) shows the logs.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: options.queuePrefix ?? `test-${randomBytes(6).toString('hex')}`,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    WEBHOOK_RETRY_DELAYS_MS: '100,200',
    NOTIFICATION_RETRY_DELAYS_MS: '100,200',
    SWEEPER_INTERVAL_MS: '200',
    SWEEPER_MIN_AGE_MS: '0',
    // Never on its own during a test (it would poll and alert in other tests' databases); tests call ReconciliationService.run().
    RECONCILIATION_CRON: '0 0 1 1 *',
    CODES_ENCRYPTION_KEY: TEST_CODES_ENCRYPTION_KEY,
    ...secrets,
    ...options.env,
  };
}

async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  // No reconnecting: a client left retrying a Redis that is gone (a test's own, stopped) would keep the Jest worker from exiting.
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined); // the failed connect rejects below; no second report
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    // As in ThrowawayRedis.ping: an ended client has nothing to disconnect, and disconnect() would arm a 2 s timer.
    if (redis.status !== 'end') redis.disconnect();
  }
}
