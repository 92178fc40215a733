import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { IsCronExpression } from '../common/validation/is-cron-expression.js';
import { ENCRYPTION_KEY_PATTERN } from '../common/security/field-encryption.js';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export enum NodeEnv {
  Development = 'development',
  Test = 'test',
  Production = 'production',
}

const DURATION_LIST = /^\d+(,\d+)*$/;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/**
 * Every setting the service reads, named exactly as its environment variable.
 * Defaults live in config/default.json; the environment overrides them.
 * Provider secrets and allowlists (WEBHOOK_SECRET_<P>, WEBHOOK_ALLOWED_IPS_<P>)
 * are open-ended and validated separately in provider-settings.ts; so are the
 * integration subscribers' INTEGRATION_SECRET_<NAME> and INTEGRATION_EVENTS_<NAME>
 * (integration-subscribers.ts).
 */
export class Environment {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number;

  /** Unset: /metrics, /docs, /docs-json and /health/ready stay on PORT; set: served only here, and 404 on PORT. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  INTERNAL_PORT?: number;

  /** Unset: /metrics answers anyone who reaches it; set: only `Authorization: Bearer <token>`. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  METRICS_TOKEN?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_REQUEST_TIMEOUT_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_HEADERS_TIMEOUT_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  HTTP_MAX_CONNECTIONS: number;

  @IsIn(APP_ROLES)
  APP_ROLE: AppRole;

  @IsEnum(NodeEnv)
  NODE_ENV: NodeEnv;

  @IsIn(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
  LOG_LEVEL: string;

  /** Unset: no tracing, and the OpenTelemetry SDK is not even loaded; set: spans go to this OTLP/HTTP collector. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsString()
  @MinLength(1)
  OTEL_SERVICE_NAME: string;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_QUERY_TIMEOUT_MS: number;

  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL: string;

  @Matches(/^[\w:.-]+$/)
  QUEUE_PREFIX: string;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  ENQUEUE_TIMEOUT_MS: number;

  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be set to a secret of at least 16 characters' })
  ADMIN_API_KEY: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  WEBHOOK_BODY_LIMIT_BYTES: number;

  /** Reverse proxies whose X-Forwarded-For is believed: addresses, CIDRs, `loopback`, `linklocal`, `uniquelocal`; parsed in loadConfig. */
  @IsOptional()
  @IsString()
  TRUSTED_PROXIES?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  WEBHOOK_TOLERANCE_SECONDS: number;

  @Matches(DURATION_LIST, { message: 'WEBHOOK_RETRY_DELAYS_MS must be comma-separated milliseconds, e.g. 30000,300000' })
  WEBHOOK_RETRY_DELAYS_MS: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  WEBHOOK_WORKER_CONCURRENCY: number;

  /** Rows one inbox INSERT (one commit) holds at most; 1: one INSERT per event, no batching. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_INBOX_BATCH_MAX_ROWS: number;

  /** How long the first event of a batch waits at most for others to join it while a batch is being written; 0: no batching. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  WEBHOOK_INBOX_BATCH_WINDOW_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  SWEEPER_INTERVAL_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  SWEEPER_MIN_AGE_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SWEEPER_BATCH_SIZE: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  AUDIT_RETENTION_DAYS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  AUDIT_PURGE_INTERVAL_MS: number;

  /** Processed and ignored inbox events older than this are purged (their dedupe keys are kept at least 30 days). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  WEBHOOK_RETENTION_DAYS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WEBHOOK_PURGE_INTERVAL_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  WEBHOOK_PURGE_BATCH_SIZE: number;

  /** Seals digital codes at rest; required once supplier webhooks (the only source of codes) are enabled. */
  @ValidateIf(
    (env: Environment & { WEBHOOK_SECRET_SUPPLIER?: string }) =>
      env.CODES_ENCRYPTION_KEY !== undefined || Boolean(env.WEBHOOK_SECRET_SUPPLIER),
  )
  @Matches(ENCRYPTION_KEY_PATTERN, { message: 'CODES_ENCRYPTION_KEY must be set to 32 bytes, as 64 hex digits or base64' })
  CODES_ENCRYPTION_KEY?: string;

  /** Keys CODES_ENCRYPTION_KEY had before (comma-separated): values sealed under them are still opened; each entry is checked in loadConfig. */
  @IsOptional()
  @IsString()
  CODES_ENCRYPTION_KEYS_OLD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10080)
  SUPPLIER_SLA_MINUTES: number;

  @Matches(DURATION_LIST, { message: 'NOTIFICATION_RETRY_DELAYS_MS must be comma-separated milliseconds, e.g. 30000,300000' })
  NOTIFICATION_RETRY_DELAYS_MS: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  NOTIFICATION_WORKER_CONCURRENCY: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  NOTIFICATION_SEND_TIMEOUT_MS: number;

  /** Secret (the URL carries the token); unset: Slack notifications are skipped. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  SLACK_WEBHOOK_URL?: string;

  /** May carry credentials; unset: e-mails are skipped. */
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  SMTP_FROM: string;

  /** Unset: SMS are skipped. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  SMS_GATEWAY_URL?: string;

  @IsOptional()
  @IsString()
  SMS_API_KEY?: string;

  @IsCronExpression()
  RECONCILIATION_CRON: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  RECONCILIATION_MIN_AGE_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  RECONCILIATION_MAX_AGE_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  RECONCILIATION_MAX_CALLS: number;

  /** Unset: payments are not reconciled. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PAYMENT_GATEWAY_API_URL?: string;

  @IsOptional()
  @IsString()
  PAYMENT_GATEWAY_API_KEY?: string;

  /** Unset: supplier orders are neither placed nor reconciled. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  SUPPLIER_API_URL?: string;

  @IsOptional()
  @IsString()
  SUPPLIER_API_KEY?: string;

  @Matches(DURATION_LIST, { message: 'SUPPLIER_ORDER_RETRY_DELAYS_MS must be comma-separated milliseconds, e.g. 10000,60000' })
  SUPPLIER_ORDER_RETRY_DELAYS_MS: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  PROVIDER_API_TIMEOUT_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5)
  PROVIDER_API_RETRIES: number;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  QUEUE_STALLED_INTERVAL_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  QUEUE_MAX_STALLED_COUNT: number;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  QUEUE_LOCK_DURATION_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  FAILURE_ALERT_WINDOW_MS: number;

  /** `name=url,…`: the systems downstream that receive integration events; each name's secret and filter are read in integration-subscribers.ts. */
  @IsOptional()
  @IsString()
  INTEGRATION_SUBSCRIBERS?: string;

  @Matches(DURATION_LIST, { message: 'INTEGRATION_RETRY_DELAYS_MS must be comma-separated milliseconds, e.g. 5000,300000' })
  INTEGRATION_RETRY_DELAYS_MS: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50)
  INTEGRATION_RETRY_JITTER_PERCENT: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  INTEGRATION_WORKER_CONCURRENCY: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  INTEGRATION_SEND_TIMEOUT_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  INTEGRATION_MAX_IN_FLIGHT_PER_SUBSCRIBER: number;

  @IsOptional()
  @IsString()
  CONFIG_DIR?: string;
}
