import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger as NestLogger, Module } from '@nestjs/common';
import { Logger, LoggerModule, type Params, PinoLogger } from 'nestjs-pino';
import type { LogFn, Logger as Pino } from 'pino';
import { AppConfig } from '../../config/app-config.js';
import { NodeEnv } from '../../config/environment.js';
import { redactQueryObject, redactQueryString } from '../redaction/query-string.js';
import { keySpellings, SENSITIVE_KEYS } from '../redaction/sensitive-data.js';
import { jobLogFields, REQUEST_ID_LOG_KEY } from './job-log-context.js';

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
    pinoHttp: {
      level: config.logLevel,
      genReqId: requestIdOf,
      // Lines logged during a request carry only its id; so does its completion line, which says the rest in its message.
      quietReqLogger: true,
      quietResLogger: true,
      customAttributeKeys: { reqId: REQUEST_ID_LOG_KEY },
      customLogLevel: requestLogLevel,
      customSuccessMessage: (request, response, responseTime) => requestLogMessage(request, response, responseTime),
      // pino-http passes the response time here too, though its types do not say so.
      customErrorMessage: (request: Request, response: ServerResponse, error: Error, responseTime = 0) =>
        requestLogMessage(request, response, responseTime, error),
      customSuccessObject: () => ({}),
      customErrorObject: () => ({}),
      mixin: jobLogFields,
      hooks: { logMethod: demoteBoilerplate },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Wherever a line carries the request (a custom log call, a lower level), its URL and query are masked too.
      serializers: { req: redactRequestUrl },
      // The completion line is logged at info; below that level its per-request cost (~25% of throughput, docs/benchmarks.md) buys nothing.
      autoLogging: config.nodeEnv !== NodeEnv.Test && logsAtInfo(config.logLevel),
      transport: config.nodeEnv === NodeEnv.Development ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    },
  };
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

/** pino-http's serialised request, its query-string credentials masked. */
export function redactRequestUrl(request: Record<string, unknown>): Record<string, unknown> {
  const redacted = { ...request };
  if (typeof redacted.url === 'string') redacted.url = redactQueryString(redacted.url);
  if ('query' in redacted) redacted.query = redactQueryObject(redacted.query);
  return redacted;
}

function logsAtInfo(level: string): boolean {
  return ['trace', 'debug', 'info'].includes(level);
}
