import { inJobSpan, tagWebhookSpan, traceCarrier } from './trace-carrier.js';

describe('trace carrier, with tracing off (no SDK started)', () => {
  it('carries nothing, so a job queued without tracing has the data it always had', () => {
    expect(traceCarrier()).toBeUndefined();
    expect({ eventId: 'e1', trace: traceCarrier() }).toEqual({ eventId: 'e1' });
    expect(JSON.stringify({ eventId: 'e1', trace: traceCarrier() })).toBe('{"eventId":"e1"}');
  });

  it('runs a job as it would without a span, its result and its failure alike', async () => {
    tagWebhookSpan({ provider: 'payment', eventId: 'e1' });
    await expect(inJobSpan('process-event', undefined, {}, async () => 42)).resolves.toBe(42);
    await expect(
      inJobSpan('process-event', { traceparent: 'not-a-traceparent' }, {}, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
  });
});
