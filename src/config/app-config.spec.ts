import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config.js';
import { ConfigurationError } from './configuration.error.js';

const ADMIN_API_KEY = 'admin-key-0123456789-abcdef';
const CHECKED_IN_DEFAULTS = JSON.parse(readFileSync(join(process.cwd(), 'config', 'default.json'), 'utf8')) as Record<string, unknown>;

/** The ConfigurationError message loadConfig throws for this environment. */
function failureOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('takes every default from config/default.json', () => {
    const config = loadConfig({ ADMIN_API_KEY });
    expect(config.port).toBe(CHECKED_IN_DEFAULTS.PORT);
    expect(config.role).toBe('all');
    expect(config.database.url).toBe('postgres://postgres:postgres@localhost:5432/ecommerce_webhooks');
    expect(config.redis.url).toBe('redis://localhost:6379');
    expect(config.webhooks).toEqual({
      bodyLimitBytes: 1_048_576,
      trustedProxies: expect.objectContaining({ isEmpty: true }),
      toleranceSeconds: 300,
      retryDelaysMs: [30_000, 300_000, 1_800_000],
      workerConcurrency: CHECKED_IN_DEFAULTS.WEBHOOK_WORKER_CONCURRENCY,
    });
    expect(config.servesHttp && config.runsWorkers).toBe(true);
  });

  it('runs more inbox jobs at once than the pool has connections, so that in a burst the intake queues with the processing', () => {
    // docs/architecture.md, "Intake and processing in one process": with fewer, the worker fell behind a burst.
    const config = loadConfig({ ADMIN_API_KEY });
    expect(config.webhooks.workerConcurrency).toBeGreaterThan(config.database.poolSize);
  });

  it('lets the environment override the defaults, typed', () => {
    const config = loadConfig({
      ADMIN_API_KEY,
      PORT: '4010',
      APP_ROLE: 'worker',
      TRUSTED_PROXIES: '10.9.9.9, 10.8.0.0/16',
      WEBHOOK_RETRY_DELAYS_MS: '100,200',
      DATABASE_URL: 'postgres://app@db.internal:5433/hooks',
    });
    expect(config.port).toBe(4010);
    expect(config.role).toBe('worker');
    expect(config.servesHttp).toBe(false);
    expect(config.runsWorkers).toBe(true);
    expect(config.webhooks.trustedProxies.clientIp('10.9.9.9', '203.0.113.5, 10.8.1.1')).toBe('203.0.113.5');
    expect(config.webhooks.retryDelaysMs).toEqual([100, 200]);
    expect(config.database.url).toBe('postgres://app@db.internal:5433/hooks');
  });

  it('ignores variables set to the empty string', () => {
    expect(loadConfig({ ADMIN_API_KEY, PORT: '' }).port).toBe(CHECKED_IN_DEFAULTS.PORT);
  });

  describe('with config/<NODE_ENV>.json', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'config-'));
      writeFileSync(join(dir, 'default.json'), JSON.stringify(CHECKED_IN_DEFAULTS));
      writeFileSync(join(dir, 'production.json'), JSON.stringify({ PORT: 8080, LOG_LEVEL: 'warn' }));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('lays the NODE_ENV file over the defaults, and the environment over both', () => {
      const config = loadConfig({ ADMIN_API_KEY, CONFIG_DIR: dir, NODE_ENV: 'production', LOG_LEVEL: 'error' });
      expect(config.port).toBe(8080);
      expect(config.logLevel).toBe('error');
      expect(loadConfig({ ADMIN_API_KEY, CONFIG_DIR: dir, NODE_ENV: 'test' }).port).toBe(CHECKED_IN_DEFAULTS.PORT);
    });
  });

  it('reads each provider’s secrets (comma-separated, for rotation) and allowlist', () => {
    const config = loadConfig({
      ADMIN_API_KEY,
      WEBHOOK_SECRET_GMETRI_POINTS: 'old-secret, new-secret',
      WEBHOOK_ALLOWED_IPS_GMETRI_POINTS: '10.0.0.0/8, 2001:db8::/32',
    });
    const provider = config.provider('gmetri-points');
    expect(provider?.secrets).toEqual(['old-secret', 'new-secret']);
    expect(provider?.allowlist.allows('10.1.2.3')).toBe(true);
    expect(provider?.allowlist.allows('192.0.2.1')).toBe(false);
    expect(config.provider('shipping')).toBeUndefined();
  });

  describe('refuses to start, naming the setting', () => {
    it('when ADMIN_API_KEY is missing', () => {
      expect(failureOf({})).toMatch(/ADMIN_API_KEY must be set to a secret of at least 16 characters \(not set\)/);
    });

    it.each([['abc'], ['70000'], ['-1'], ['80.5']])('when PORT is %p', (port) => {
      expect(failureOf({ ADMIN_API_KEY, PORT: port })).toMatch(new RegExp(`PORT must .* \\(got "${port}"\\)`));
    });

    it.each([['30s'], ['100,,200'], ['100, 200'], ['-100']])('when WEBHOOK_RETRY_DELAYS_MS is %p', (delays) => {
      expect(failureOf({ ADMIN_API_KEY, WEBHOOK_RETRY_DELAYS_MS: delays })).toContain(
        `WEBHOOK_RETRY_DELAYS_MS must be comma-separated milliseconds, e.g. 30000,300000 (got "${delays}")`,
      );
    });

    it('when WEBHOOK_ALLOWED_IPS_PAYMENT holds a bad CIDR', () => {
      expect(failureOf({ ADMIN_API_KEY, WEBHOOK_ALLOWED_IPS_PAYMENT: '10.0.0.0/8, 10.0.0.0/33' })).toContain(
        'WEBHOOK_ALLOWED_IPS_PAYMENT: "10.0.0.0/33" is not an IP address or CIDR range',
      );
    });

    it('when TRUSTED_PROXIES holds something that is not an address, CIDR or named range', () => {
      expect(failureOf({ ADMIN_API_KEY, TRUSTED_PROXIES: 'loopback, proxy.internal' })).toContain(
        'TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR range',
      );
    });

    it.each([['1'], ['0']])('when the retired TRUST_PROXY_HOPS is set (to %p), naming what replaced it', (hops) => {
      expect(failureOf({ ADMIN_API_KEY, TRUST_PROXY_HOPS: hops })).toContain('TRUST_PROXY_HOPS is retired: list the addresses or CIDRs');
    });

    it('listing every bad setting at once', () => {
      const message = failureOf({ PORT: 'abc', WEBHOOK_RETRY_DELAYS_MS: 'soon', WEBHOOK_ALLOWED_IPS_SHIPPING: 'nowhere' });
      for (const name of ['PORT', 'WEBHOOK_RETRY_DELAYS_MS', 'WEBHOOK_ALLOWED_IPS_SHIPPING', 'ADMIN_API_KEY']) {
        expect(message).toContain(name);
      }
    });
  });

  it('refuses secrets in checked-in files, naming each and its file: they come from the environment only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    try {
      writeFileSync(join(dir, 'default.json'), JSON.stringify({ ...CHECKED_IN_DEFAULTS, ADMIN_API_KEY: 'admin-key-in-a-file-0123' }));
      writeFileSync(
        join(dir, 'production.json'),
        JSON.stringify({ WEBHOOK_SECRET_PAYMENT: 'whsec-in-a-file', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x' }),
      );

      const message = failureOf({ CONFIG_DIR: dir, NODE_ENV: 'production' });
      expect(message).toContain('ADMIN_API_KEY is a secret: set it in the environment, not in config/default.json');
      expect(message).toContain('WEBHOOK_SECRET_PAYMENT is a secret: set it in the environment, not in config/production.json');
      expect(message).toContain('SLACK_WEBHOOK_URL is a secret: set it in the environment, not in config/production.json');
      expect(message).not.toContain('whsec-in-a-file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never puts a secret in the message', () => {
    const secrets = {
      admin: 'too-short-key',
      webhook: 'whsec-do-not-print',
      dbPassword: 's3cret-db-pw',
      redisPassword: 'r3dis-pw',
      slackToken: 'slack-token-do-not-print',
      smtpPassword: 'smtp-pw',
    };
    const message = failureOf({
      ADMIN_API_KEY: secrets.admin,
      WEBHOOK_SECRET_PAYMENT: secrets.webhook,
      DATABASE_URL: `postgres://app:${secrets.dbPassword}@db host/hooks`,
      REDIS_URL: `redis://:${secrets.redisPassword}@/0`,
      SLACK_WEBHOOK_URL: `hooks.slack.com/services/T0/B0/${secrets.slackToken}`,
      SMTP_URL: `smtp://mailer:${secrets.smtpPassword}@mail host`,
      PORT: 'abc',
    });
    expect(message).toContain('ADMIN_API_KEY');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('SLACK_WEBHOOK_URL');
    expect(message).toContain('SMTP_URL');
    for (const secret of Object.values(secrets)) expect(message).not.toContain(secret);
  });
});

describe('webhook signature schemes', () => {
  it('takes WEBHOOK_SCHEME_<P> when it names a scheme the service verifies', () => {
    const config = loadConfig({ ADMIN_API_KEY, WEBHOOK_SCHEME_PAYMENT: 'standard-webhooks' });
    expect(config.provider('payment')?.scheme).toBe('standard-webhooks');
  });

  it('stops the start naming a scheme it does not know', () => {
    expect(() => loadConfig({ ADMIN_API_KEY, WEBHOOK_SCHEME_PAYMENT: 'hmac-md5' })).toThrow(
      /WEBHOOK_SCHEME_PAYMENT: no signature scheme is named "hmac-md5" \(known: hmac-sha256, standard-webhooks/,
    );
  });
});
