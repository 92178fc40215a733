import { Writable } from 'node:stream';
import pino from 'pino';
import { bindRequestIdToJob, jobLogFields, runInJobLogContext } from './job-log-context.js';
import { loggerParams, REDACTED_PATHS, requestLogLevel, requestLogMessage } from './logging.module.js';

/** A pino logger set up as the application's, writing its lines to an array. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ mixin: jobLogFields, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  return { logger, lines };
}

describe('application log lines', () => {
  it('carry the request id inside a job once it is bound, and not outside', async () => {
    const { logger, lines } = capturingLogger();
    await runInJobLogContext(async () => {
      bindRequestIdToJob('req-42');
      await Promise.resolve();
      logger.warn('try failed');
    });
    logger.info('outside');
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ['try failed', 'req-42'],
      ['outside', undefined],
    ]);
  });

  it("never show a failed query's bound values", () => {
    const { logger, lines } = capturingLogger();
    const error = Object.assign(new Error('invalid byte sequence'), {
      query: 'SELECT 1 WHERE a = $1',
      parameters: ['john.doe@example.com'],
    });
    logger.error({ err: error }, 'query failed');
    expect(JSON.stringify(lines)).not.toContain('john.doe@example.com');
    expect(lines[0].err).toMatchObject({ query: 'SELECT 1 WHERE a = $1', parameters: '[redacted]' });
  });

  it('never show signatures, API keys, codes or personal data', () => {
    const { logger, lines } = capturingLogger();
    logger.info({
      req: { headers: { 'x-webhook-signature': 'sha256=abc', 'x-api-key': 'k', authorization: 'Bearer t', host: 'h' } },
      email: 'a@b.example',
      notification: { recipient: '+919876543210', codes: ['AAAA'], channel: 'sms' },
      payload: { anything: 1 },
    });
    const line = lines[0] as Record<string, any>;
    expect(line.req.headers).toEqual({
      'x-webhook-signature': '[redacted]',
      'x-api-key': '[redacted]',
      authorization: '[redacted]',
      host: 'h',
    });
    expect(line.email).toBe('[redacted]');
    expect(line.notification).toEqual({ recipient: '[redacted]', codes: '[redacted]', channel: 'sms' });
    expect(line.payload).toBe('[redacted]');
  });
});

describe('request and start-up log lines', () => {
  const request = (method: string, url: string) => ({ method, url, originalUrl: url }) as never;
  const response = (statusCode: number, writableEnded = true) => ({ statusCode, writableEnded }) as never;

  it('are warn for 4xx, error for 5xx, and none for a health or metrics probe that answered', () => {
    expect(requestLogLevel(request('POST', '/api/v2/webhook/payment'), response(200))).toBe('info');
    expect(requestLogLevel(request('GET', '/api/v2/orders/X'), response(404))).toBe('warn');
    expect(requestLogLevel(request('POST', '/api/v2/webhook/payment'), response(503))).toBe('error');
    expect(requestLogLevel(request('GET', '/health/live'), response(200))).toBe('silent');
    expect(requestLogLevel(request('GET', '/metrics'), response(200))).toBe('silent');
    expect(requestLogLevel(request('GET', '/health/ready'), response(503))).toBe('error');
    expect(requestLogLevel(request('GET', '/healthy-orders'), response(200))).toBe('info');
  });

  it('say method, URL, status and time in one short message', () => {
    expect(requestLogMessage(request('POST', '/api/v2/webhook/payment'), response(200), 4)).toBe('POST /api/v2/webhook/payment 200 4 ms');
    expect(requestLogMessage(request('GET', '/api/v2/orders/X'), response(500), 12, new Error('failed with status code 500'))).toBe(
      'GET /api/v2/orders/X 500 12 ms',
    );
    expect(requestLogMessage(request('POST', '/api/v2/webhook/payment'), response(200, false), 3, new Error('socket hang up'))).toBe(
      'POST /api/v2/webhook/payment aborted 3 ms: socket hang up',
    );
  });

  it("log Nest's route and module boilerplate at debug, everything else as logged", () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const { pinoHttp } = loggerParams({ logLevel: 'info', nodeEnv: 'production' as never }) as { pinoHttp: pino.LoggerOptions };
    const logger = pino({ level: 'info', hooks: pinoHttp.hooks }, sink);
    logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/v2/orders, POST} route');
    logger.info({ context: 'RoutesResolver' }, 'OrdersController {/api/v2/orders}:');
    logger.info({ context: 'InstanceLoader' }, 'AppModule dependencies initialized');
    logger.info({ context: 'Bootstrap' }, 'listening');
    logger.level = 'debug';
    logger.info({ context: 'RouterExplorer' }, 'Mapped {/health/live, GET} route');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [30, 'listening'],
      [20, 'Mapped {/health/live, GET} route'],
    ]);
  });
});
