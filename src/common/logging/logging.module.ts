import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger as NestLogger, Module } from '@nestjs/common';
import { Logger, LoggerModule, type Params, PinoLogger } from 'nestjs-pino';
import type { LogFn, Logger as Pino } from 'pino';
import { AppConfig } from '../../config/app-config.js';
import { NodeEnv } from '../../config/environment.js';
import { redactQueryObject, redactQueryString } from '../redaction/query-string.js';
import { keySpellings, SENSITIVE_KEYS } from '../redaction/sensitive-data.js';
import { jobLogFields } from './job-log-context.js';
import { requestLogFields, requestLogging } from './request-logging.js';

const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Redacted wherever they appear in a log line: secrets, signatures, codes, personal data. */
export const REDACTED_PATHS = [
  'req.headers["x-webhook-signature"]',
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  // Logs never carry a whole payload either: the audit trail keeps it, redacted.
  // A failed query's error (TypeORM's QueryFailedError) carries its bound values as `parameters`: personal data, codes.
  ...[...SENSITIVE_KEYS.flatMap(keySpellings), 'payload', 'parameters'].flatMap((key) => [key, `*.${key}`]),
];

/**
 * The request id: X-Request-Id when the caller sent a sane one, else a new
 * UUID. Echoed in the response header before anything can reject the request.
 */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Nest's start-up lines of these contexts (one per module and per route) are logged at debug, not info. */
const BOILERPLATE_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Probes polled every few seconds: their completion lines are logged only when they fail. */
const QUIET_WHEN_OK = /^\/(health|metrics)(\/|\?|$)/;

type Request = IncomingMessage & { originalUrl?: string };

/** The level of a request's completion line: warn for 4xx, error for 5xx, none for a probe that answered. */
export function requestLogLevel(request: Request, response: ServerResponse, error?: Error): 'silent' | 'info' | 'warn' | 'error' {
  if (error || response.statusCode >= 500) return 'error';
  if (response.statusCode >= 400) return 'warn';
  return QUIET_WHEN_OK.test(request.originalUrl ?? request.url ?? '') ? 'silent' : 'info';
}

/** The completion line: `POST /api/v2/webhook/payment 200 4 ms` (the request id is on the line as reqId). */
export function requestLogMessage(request: Request, response: ServerResponse, responseTimeMs: number, error?: Error): string {
  const status = response.writableEnded ? String(response.statusCode) : 'aborted';
  // For a 5xx without an error of its own, pino-http makes one that only repeats the status.
  const reason = error && error.message !== `failed with status code ${response.statusCode}` ? `: ${error.message}` : '';
  // A credential sent in the query string (`?key=…`) never reaches the log.
  return `${request.method} ${redactQueryString(request.originalUrl ?? request.url ?? '')} ${status} ${responseTimeMs} ms${reason}`;
}

/** pino hook: Nest's boilerplate start-up lines go to debug; every other line as logged. */
function demoteBoilerplate(this: Pino, args: Parameters<LogFn>, method: LogFn, level: number): void {
  const context = (args[0] as { context?: unknown } | undefined)?.context;
  if (level === this.levels.values.info && typeof context === 'string' && BOILERPLATE_CONTEXTS.has(context)) {
    this.debug(...(args as [object, string]));
    return;
  }
  method.apply(this, args);
}

/** The logger's settings: LoggingModule's, and main's for what it logs before the app exists (migrations). */
export function loggerParams(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): Params {
  return {
    // nestjs-pino only holds the one logger; the per-request work is requestLogging's (see requestLoggingOf).
    useExisting: true,
    forRoutes: [],
    pinoHttp: {
      level: config.logLevel,
      mixin: logContextFields,
      hooks: { logMethod: demoteBoilerplate },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Wherever a line carries the request (a custom log call), its URL and query are masked.
      serializers: { req: redactRequestUrl },
      transport: config.nodeEnv === NodeEnv.Development ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    },
  };
}

/**
 * The app's request middleware: the request id, and the completion line
 * (`POST /api/v2/webhook/payment 200 4 ms`) where the level logs it. Below
 * `info` it costs a header and an id per request (docs/benchmarks.md).
 */
export function requestLoggingOf(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>) {
  const logger = new PinoLogger(loggerParams(config)).logger as Pino;
  const rules = { idOf: requestIdOf, levelOf: requestLogLevel, messageOf: requestLogMessage };
  return requestLogging(logger, rules, config.nodeEnv !== NodeEnv.Test && logsAtInfo(config.logLevel));
}

/** pino `mixin`: the id of the request or job the line is logged for (a copy: pino merges the line's fields into it). */
function logContextFields(): Record<string, string | undefined> {
  return { ...(requestLogFields() ?? jobLogFields()) };
}

/**
 * Sends Nest's Logger to the application's pino logger before the app exists,
 * so that what is logged first (migrations) looks like every later line. The
 * app's LoggerModule then finds this same pino logger (nestjs-pino keeps one).
 */
export function useAppLogger(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): void {
  const params = loggerParams(config);
  NestLogger.overrideLogger(new Logger(new PinoLogger(params), params));
}

/**
 * Structured JSON logs (pino), pretty in development. Every line of a request
 * carries its id as `reqId`, and so does every line of the queue jobs it caused
 * (see job-log-context.ts).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loggerParams(config),
    }),
  ],
})
export class LoggingModule {}

/** A serialised request, its query-string credentials masked. */
export function redactRequestUrl(request: Record<string, unknown>): Record<string, unknown> {
  const redacted = { ...request };
  if (typeof redacted.url === 'string') redacted.url = redactQueryString(redacted.url);
  if ('query' in redacted) redacted.query = redactQueryObject(redacted.query);
  return redacted;
}

function logsAtInfo(level: string): boolean {
  return ['trace', 'debug', 'info'].includes(level);
}
