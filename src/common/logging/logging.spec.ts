import { Writable } from 'node:stream';
import pino from 'pino';
import { bindRequestIdToJob, jobLogFields, runInJobLogContext } from './job-log-context.js';
import { REDACTED_PATHS } from './logging.module.js';

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

  it('never show signatures, API keys, codes or personal data', () => {
    const { logger, lines } = capturingLogger();
    logger.info({
      req: { headers: { 'x-webhook-signature': 'sha256=abc', 'x-api-key': 'k', authorization: 'Bearer t', host: 'h' } },
      email: 'a@b.example',
      notification: { recipient: '+919876543210', codes: ['AAAA'], channel: 'sms' },
      payload: { anything: 1 },
    });
    const line = lines[0] as Record<string, any>;
    expect(line.req.headers).toEqual({ 'x-webhook-signature': '[redacted]', 'x-api-key': '[redacted]', authorization: '[redacted]', host: 'h' });
    expect(line.email).toBe('[redacted]');
    expect(line.notification).toEqual({ recipient: '[redacted]', codes: '[redacted]', channel: 'sms' });
    expect(line.payload).toBe('[redacted]');
  });
});
