import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config.js';
import { NodeEnv } from '../../config/environment.js';
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
  ...[...SENSITIVE_KEYS.flatMap(keySpellings), 'payload'].flatMap((key) => [key, `*.${key}`]),
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

/**
 * Structured JSON logs (pino), pretty in development. Every line of a request
 * carries its id as `reqId`, and so does every line of the queue jobs it caused
 * (see job-log-context.ts).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: requestIdOf,
          // Lines logged during a request carry only its id; the full request is on the completion line.
          quietReqLogger: true,
          customAttributeKeys: { reqId: REQUEST_ID_LOG_KEY },
          mixin: jobLogFields,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // The completion line is logged at info; below that level its per-request cost (~25% of throughput, docs/benchmarks.md) buys nothing.
          autoLogging: config.nodeEnv !== NodeEnv.Test && logsAtInfo(config.logLevel),
          transport: config.nodeEnv === NodeEnv.Development ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
        },
      }),
    }),
  ],
})
export class LoggingModule {}

function logsAtInfo(level: string): boolean {
  return ['trace', 'debug', 'info'].includes(level);
}
