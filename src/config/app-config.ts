import { ConfigurationError } from './configuration.error.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ENCRYPTION_KEY_PATTERN, parseEncryptionKey } from '../common/security/field-encryption.js';
import { type AppRole, Environment, type NodeEnv } from './environment.js';
import { TrustedProxies } from '../webhooks/verification/ip-allowlist.js';
import { type ProviderSettings, providerEnvSuffix, readProviderSettings } from '../webhooks/verification/provider-settings.js';
import { type IntegrationSubscriber, readIntegrationSubscribers } from '../integration-events/integration-subscribers.js';

/** A provider's status API, polled by reconciliation. */
export interface ProviderApiSettings {
  url: string;
  /** Sent as a bearer token when set. */
  apiKey?: string;
}

function apiSettings(url: string | undefined, apiKey: string | undefined): ProviderApiSettings | undefined {
  return url ? { url: url.replace(/\/+$/, ''), apiKey } : undefined;
}

/**
 * The validated, typed configuration. Injected by class; built once at start by
 * loadConfig, which refuses to build it from a bad or missing setting.
 */
export class AppConfig {
  readonly port: number;
  /** The HTTP server's limits: a slow or idle client cannot hold a socket for long, nor open sockets without end. */
  readonly http: {
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
    /** Where /metrics, /docs, /docs-json and /health/ready are served instead of PORT; undefined: on PORT. */
    internalPort: number | undefined;
    /** Bearer token /metrics requires, when set. */
    metricsToken: string | undefined;
  };
  readonly role: AppRole;
  readonly nodeEnv: NodeEnv;
  readonly logLevel: string;
  /** OpenTelemetry traces: off while `endpoint` is unset. */
  readonly tracing: { endpoint: string | undefined; serviceName: string };
  readonly adminApiKey: string;
  readonly shutdownTimeoutMs: number;
  readonly database: { url: string; poolSize: number; connectTimeoutMs: number; queryTimeoutMs: number };
  readonly redis: { url: string; queuePrefix: string; enqueueTimeoutMs: number };
  readonly webhooks: {
    bodyLimitBytes: number;
    /** Whose X-Forwarded-For is believed; empty: nobody's, the socket peer is the client. */
    trustedProxies: TrustedProxies;
    /** How far a signed timestamp (Stripe, Cashfree, Standard Webhooks) may be from now, either way. */
    toleranceSeconds: number;
    retryDelaysMs: number[];
    workerConcurrency: number;
  };
  /** Group commit of the inbox: events arriving together are stored by one INSERT, in batches of at most maxRows. */
  readonly inbox: { batchMaxRows: number; batchWindowMs: number };
  readonly sweeper: { intervalMs: number; minAgeMs: number; batchSize: number };
  /** How long audit rows are kept, and how often older ones are purged. */
  readonly audit: { retentionDays: number; purgeIntervalMs: number };
  /** How long processed and ignored inbox events are kept, how often older ones are purged, and how many rows per statement. */
  readonly webhookRetention: { retentionDays: number; purgeIntervalMs: number; purgeBatchSize: number };
  /** Bull's recovery of jobs whose worker died: how often it looks, and how often a job may stall before it fails. */
  readonly queues: { stalledIntervalMs: number; maxStalledCount: number; lockDurationMs: number };
  readonly reconciliation: { cron: string; minAgeMs: number; maxAgeMs: number; maxCallsPerRun: number };
  readonly providerApis: {
    timeoutMs: number;
    retries: number;
    payment: ProviderApiSettings | undefined;
    supplier: ProviderApiSettings | undefined;
    /** Delays before each retry of placing an order with the supplier (5xx, no answer); tries = delays + 1. */
    supplierOrderRetryDelaysMs: number[];
  };
  /** Dead letters of one provider alert ops once per window of this length. */
  readonly failureAlerts: { windowMs: number };
  readonly notifications: {
    retryDelaysMs: number[];
    workerConcurrency: number;
    sendTimeoutMs: number;
    slack: { webhookUrl?: string };
    email: { smtpUrl?: string; from: string };
    sms: { gatewayUrl?: string; apiKey?: string };
  };
  /**
   * The key that seals digital codes at rest (absent while supplier webhooks are off), the keys
   * it replaced (values sealed under them are still opened, until codes:reseal moves them), and
   * the supplier's SLA.
   */
  readonly digitalGoods: { codesEncryptionKey: Buffer | null; codesEncryptionKeysOld: Buffer[]; supplierSlaMinutes: number };
  /** The systems downstream that receive integration events, and how their deliveries are retried. */
  readonly integration: {
    subscribers: readonly IntegrationSubscriber[];
    retryDelaysMs: number[];
    /** Each retry delay is spread by ± this fraction of it. */
    retryJitter: number;
    workerConcurrency: number;
    sendTimeoutMs: number;
    /** Tries to one subscriber at once per worker replica: a slow one cannot take every worker slot. */
    maxInFlightPerSubscriber: number;
  };
  private readonly providers: Map<string, ProviderSettings>;

  constructor(
    env: Environment,
    providers: Map<string, ProviderSettings>,
    trustedProxies: TrustedProxies,
    subscribers: readonly IntegrationSubscriber[] = [],
  ) {
    this.port = env.PORT;
    this.http = {
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.HTTP_MAX_CONNECTIONS,
      internalPort: env.INTERNAL_PORT,
      metricsToken: env.METRICS_TOKEN,
    };
    this.role = env.APP_ROLE;
    this.nodeEnv = env.NODE_ENV;
    this.logLevel = env.LOG_LEVEL;
    this.tracing = { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME };
    this.adminApiKey = env.ADMIN_API_KEY;
    this.shutdownTimeoutMs = env.SHUTDOWN_TIMEOUT_MS;
    this.database = {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
    };
    this.redis = {
      url: env.REDIS_URL,
      queuePrefix: env.QUEUE_PREFIX,
      enqueueTimeoutMs: env.ENQUEUE_TIMEOUT_MS,
    };
    this.webhooks = {
      bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES,
      trustedProxies,
      toleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS,
      retryDelaysMs: env.WEBHOOK_RETRY_DELAYS_MS.split(',').map(Number),
      workerConcurrency: env.WEBHOOK_WORKER_CONCURRENCY,
    };
    this.inbox = { batchMaxRows: env.WEBHOOK_INBOX_BATCH_MAX_ROWS, batchWindowMs: env.WEBHOOK_INBOX_BATCH_WINDOW_MS };
    this.sweeper = {
      intervalMs: env.SWEEPER_INTERVAL_MS,
      minAgeMs: env.SWEEPER_MIN_AGE_MS,
      batchSize: env.SWEEPER_BATCH_SIZE,
    };
    this.audit = { retentionDays: env.AUDIT_RETENTION_DAYS, purgeIntervalMs: env.AUDIT_PURGE_INTERVAL_MS };
    this.webhookRetention = {
      retentionDays: env.WEBHOOK_RETENTION_DAYS,
      purgeIntervalMs: env.WEBHOOK_PURGE_INTERVAL_MS,
      purgeBatchSize: env.WEBHOOK_PURGE_BATCH_SIZE,
    };
    this.queues = {
      stalledIntervalMs: env.QUEUE_STALLED_INTERVAL_MS,
      maxStalledCount: env.QUEUE_MAX_STALLED_COUNT,
      lockDurationMs: env.QUEUE_LOCK_DURATION_MS,
    };
    this.reconciliation = {
      cron: env.RECONCILIATION_CRON,
      minAgeMs: env.RECONCILIATION_MIN_AGE_MS,
      maxAgeMs: env.RECONCILIATION_MAX_AGE_MS,
      maxCallsPerRun: env.RECONCILIATION_MAX_CALLS,
    };
    this.providerApis = {
      timeoutMs: env.PROVIDER_API_TIMEOUT_MS,
      retries: env.PROVIDER_API_RETRIES,
      payment: apiSettings(env.PAYMENT_GATEWAY_API_URL, env.PAYMENT_GATEWAY_API_KEY),
      supplier: apiSettings(env.SUPPLIER_API_URL, env.SUPPLIER_API_KEY),
      supplierOrderRetryDelaysMs: env.SUPPLIER_ORDER_RETRY_DELAYS_MS.split(',').map(Number),
    };
    this.failureAlerts = { windowMs: env.FAILURE_ALERT_WINDOW_MS };
    this.notifications = {
      retryDelaysMs: env.NOTIFICATION_RETRY_DELAYS_MS.split(',').map(Number),
      workerConcurrency: env.NOTIFICATION_WORKER_CONCURRENCY,
      sendTimeoutMs: env.NOTIFICATION_SEND_TIMEOUT_MS,
      slack: { webhookUrl: env.SLACK_WEBHOOK_URL },
      email: { smtpUrl: env.SMTP_URL, from: env.SMTP_FROM },
      sms: { gatewayUrl: env.SMS_GATEWAY_URL, apiKey: env.SMS_API_KEY },
    };
    this.digitalGoods = {
      codesEncryptionKey: env.CODES_ENCRYPTION_KEY ? parseEncryptionKey(env.CODES_ENCRYPTION_KEY) : null,
      codesEncryptionKeysOld: listOf(env.CODES_ENCRYPTION_KEYS_OLD).map(parseEncryptionKey),
      supplierSlaMinutes: env.SUPPLIER_SLA_MINUTES,
    };
    this.integration = {
      subscribers,
      retryDelaysMs: env.INTEGRATION_RETRY_DELAYS_MS.split(',').map(Number),
      retryJitter: env.INTEGRATION_RETRY_JITTER_PERCENT / 100,
      workerConcurrency: env.INTEGRATION_WORKER_CONCURRENCY,
      sendTimeoutMs: env.INTEGRATION_SEND_TIMEOUT_MS,
      maxInFlightPerSubscriber: env.INTEGRATION_MAX_IN_FLIGHT_PER_SUBSCRIBER,
    };
    this.providers = providers;
  }

  get servesHttp(): boolean {
    return this.role !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.role !== 'api';
  }

  /** Secrets and allowlist of a provider by its route name, e.g. `gmetri-points`. */
  provider(name: string): ProviderSettings | undefined {
    return this.providers.get(providerEnvSuffix(name));
  }

  /** The <P> of every WEBHOOK_SECRET_<P>, WEBHOOK_ALLOWED_IPS_<P> and WEBHOOK_SCHEME_<P> set, e.g. `GMETRI_POINTS`. */
  get providerSuffixes(): string[] {
    return [...this.providers.keys()];
  }
}

/**
 * Builds the configuration from config/default.json, then config/<NODE_ENV>.json
 * when present, then the environment, which wins. Throws a ConfigurationError
 * naming every bad setting.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const dir = env.CONFIG_DIR ?? join(process.cwd(), 'config');
  const defaults = readJson(join(dir, 'default.json'));
  const nodeEnv = env.NODE_ENV ?? (defaults.NODE_ENV as string | undefined);
  const overlayName = `${nodeEnv}.json`;
  const overlay = nodeEnv ? readJson(join(dir, overlayName)) : {};
  const merged = { ...defaults, ...overlay, ...definedOnly(env) };

  const settings = plainToInstance(Environment, merged);
  const errors = [
    ...secretsIn(defaults, 'default.json'),
    ...secretsIn(overlay, overlayName),
    ...validateSync(settings, { forbidUnknownValues: false }).flatMap((error) => describe(error, merged)),
  ];
  const providers = readProviderSettings(env);
  errors.push(...providers.errors);
  errors.push(...retiredIn(merged));
  errors.push(...oldCodesKeyProblems(settings));
  const trustedProxies = readTrustedProxies(settings.TRUSTED_PROXIES, errors);
  const integration = readIntegrationSubscribers(env);
  errors.push(...integration.errors);
  if (errors.length > 0) throw new ConfigurationError(errors);
  return new AppConfig(settings, providers.settings, trustedProxies, integration.subscribers);
}

/** Settings the service no longer reads, and what replaced them: set, they would silently do nothing. */
const RETIRED_SETTINGS: Readonly<Record<string, string>> = {
  // A hop count believed X-Forwarded-For from any peer, so a client reaching the service directly forged its address.
  TRUST_PROXY_HOPS: 'list the addresses or CIDRs of your reverse proxies in TRUSTED_PROXIES instead (docs/operations.md, "Behind a proxy")',
};

function retiredIn(merged: Record<string, unknown>): string[] {
  return Object.keys(RETIRED_SETTINGS)
    .filter((name) => merged[name] !== undefined)
    .map((name) => `${name} is retired: ${RETIRED_SETTINGS[name]}`);
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Each retired key by its position, never its value; and retired keys need a current one to seal new values with. */
function oldCodesKeyProblems(env: Environment): string[] {
  const old = listOf(env.CODES_ENCRYPTION_KEYS_OLD);
  const problems = old.flatMap((entry, index) =>
    ENCRYPTION_KEY_PATTERN.test(entry)
      ? []
      : [`CODES_ENCRYPTION_KEYS_OLD: key ${index + 1} of ${old.length} must be 32 bytes, as 64 hex digits or base64 (value hidden)`],
  );
  if (old.length > 0 && !env.CODES_ENCRYPTION_KEY) {
    problems.push('CODES_ENCRYPTION_KEYS_OLD is set without CODES_ENCRYPTION_KEY: set the new key there, the old ones stay here');
  }
  return problems;
}

function readTrustedProxies(list: string | undefined, errors: string[]): TrustedProxies {
  try {
    return TrustedProxies.parse(list ?? '');
  } catch (error) {
    errors.push(`TRUSTED_PROXIES: ${(error as Error).message}`);
    return TrustedProxies.parse('');
  }
}

/** Settings that are secrets: read from the environment only, never from a checked-in file. */
const SECRET_SETTINGS =
  /^(ADMIN_API_KEY|METRICS_TOKEN|CODES_ENCRYPTION_KEY|CODES_ENCRYPTION_KEYS_OLD|SLACK_WEBHOOK_URL|SMS_API_KEY|PAYMENT_GATEWAY_API_KEY|SUPPLIER_API_KEY|WEBHOOK_SECRET_.+|INTEGRATION_SECRET_.+)$/;

/** A secret in a config file is refused rather than used (or, for WEBHOOK_SECRET_<P>, silently ignored). */
function secretsIn(file: Record<string, unknown>, name: string): string[] {
  return Object.keys(file)
    .filter((key) => SECRET_SETTINGS.test(key))
    .map((key) => `${key} is a secret: set it in the environment, not in config/${name}`);
}

function readJson(path: string): Record<string, unknown> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

/** Names the setting and shows the value as given (not as converted), never a secret. */
function describe(error: ValidationError, given: Record<string, unknown>): string[] {
  const shown = shownValue(error.property, given[error.property]);
  return Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? `${message} (${shown})` : `${error.property}: ${message}`,
  );
}

function shownValue(name: string, value: unknown): string {
  if (value === undefined) return 'not set';
  // SLACK_WEBHOOK_URL: the URL is the credential.
  if (/KEY|SECRET|PASSWORD|TOKEN|WEBHOOK_URL/.test(name)) return 'value hidden';
  // A connection URL may carry a password before its host.
  return `got ${JSON.stringify(value).replace(/\/\/.*@/, '//(credentials hidden)@')}`;
}
