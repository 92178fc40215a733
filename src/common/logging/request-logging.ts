import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { REQUEST_ID_LOG_KEY } from './job-log-context.js';

type Request = IncomingMessage & { originalUrl?: string };

type RequestLogFields = { [REQUEST_ID_LOG_KEY]: string };

const requestFields = new AsyncLocalStorage<RequestLogFields>();

/** How a request's id is found and its completion line written (logging.module.ts). */
export interface RequestLogRules {
  /** The request's id, echoed in its response header. */
  idOf: (request: Request, response: ServerResponse) => string;
  /** `silent` for no completion line. */
  levelOf: (request: Request, response: ServerResponse, error?: Error) => 'silent' | 'info' | 'warn' | 'error';
  messageOf: (request: Request, response: ServerResponse, responseTimeMs: number, error?: Error) => string;
}

/**
 * What pino-http did per request, and nothing more: the request id (on
 * `request.id`, in the response header, and on every line logged in the
 * request's async scope, through the logger's mixin) and, where `logsRequests`,
 * the completion line. No child logger is built per request: pino-http built
 * two, the second serialising the whole request, even when no line was logged.
 */
export function requestLogging(logger: Pino, rules: RequestLogRules, logsRequests: boolean) {
  return (request: Request, response: ServerResponse, next: () => void): void => {
    const id = rules.idOf(request, response);
    request.id = id;
    request.log = logger;
    if (logsRequests) logCompletion(logger, rules, request, response, id);
    requestFields.run({ [REQUEST_ID_LOG_KEY]: id }, next);
  };
}

/** pino `mixin` part: the id of the request whose scope the line is logged in. */
export function requestLogFields(): RequestLogFields | undefined {
  return requestFields.getStore();
}

function logCompletion(logger: Pino, rules: RequestLogRules, request: Request, response: ServerResponse, id: string): void {
  const startedAt = Date.now();
  const done = (error?: Error) => {
    response.off('close', done).off('finish', done).off('error', done);
    // As pino-http: a 5xx without an error of its own gets one that only repeats the status.
    const failure = error ?? (response.statusCode >= 500 ? new Error(`failed with status code ${response.statusCode}`) : undefined);
    const level = rules.levelOf(request, response, failure);
    if (level === 'silent') return;
    logger[level]({ [REQUEST_ID_LOG_KEY]: id }, rules.messageOf(request, response, Date.now() - startedAt, failure));
  };
  response.on('close', done).on('finish', done).on('error', done);
}
