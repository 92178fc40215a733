import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config.js';
import { NodeEnv } from '../../config/environment.js';

const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Redacted wherever they appear in a log line: secrets, signatures, codes, personal data. */
export const REDACTED_PATHS = [
  'req.headers["x-webhook-signature"]',
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** Structured JSON logs (pino), pretty in development; every line of a request carries its id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (request: IncomingMessage) => {
            const given = request.headers[REQUEST_ID_HEADER];
            return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
          },
          customProps: () => ({}),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          autoLogging: config.nodeEnv !== NodeEnv.Test,
          transport: config.nodeEnv === NodeEnv.Development ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
