import { describe, expect, it } from '@jest/globals';
import type { DiscoveryService } from '@nestjs/core';
import type { WebhookEventsRepository } from '../webhooks/inbox/webhook-events.repository.js';
import { MetricsService } from './metrics.service.js';
import { QueueDepthReader } from './queue-depth.reader.js';

const events = { deadLettersByProvider: () => Promise.resolve([]) } as unknown as WebhookEventsRepository;

/** A reader over stand-ins of Bull queues: only what the reader calls. */
function readerOf(...queues: Array<{ name: string; waitingJobs: object[] }>): QueueDepthReader {
  const instances = queues.map(({ name, waitingJobs }) => ({
    name,
    getJobCounts: () => Promise.resolve({ waiting: waitingJobs.length, active: 0, delayed: 0, failed: 0 }),
    getWaiting: () => Promise.resolve(waitingJobs.slice(0, 1)),
  }));
  const discovery = { getProviders: () => instances.map((instance) => ({ instance })) } as unknown as DiscoveryService;
  const reader = new QueueDepthReader(discovery);
  reader.onApplicationBootstrap();
  return reader;
}

const sample = (text: string, series: string) =>
  text
    .split('\n')
    .find((line) => line.startsWith(`${series} `))
    ?.split(' ')[1];

describe('MetricsService', () => {
  it('reports health_ready as the readiness source answers, and leaves it out without one', async () => {
    const metrics = new MetricsService(readerOf(), events);
    expect(sample(await metrics.scrape(), 'health_ready')).toBeUndefined();

    let ready = true;
    metrics.readReadinessFrom(() => Promise.resolve(ready));
    expect(sample(await metrics.scrape(), 'health_ready')).toBe('1');
    ready = false;
    expect(sample(await metrics.scrape(), 'health_ready')).toBe('0');
  });

  it('times webhook answers per provider in webhook_ingest_duration_seconds', async () => {
    const metrics = new MetricsService(readerOf(), events);
    metrics.webhookAnswered('payment', 0.02);
    metrics.webhookAnswered('payment', 3);
    const text = await metrics.scrape();
    expect(sample(text, 'webhook_ingest_duration_seconds_count{provider="payment"}')).toBe('2');
    expect(sample(text, 'webhook_ingest_duration_seconds_bucket{le="0.025",provider="payment"}')).toBe('1');
    expect(sample(text, 'webhook_ingest_duration_seconds_sum{provider="payment"}')).toBe('3.02');
  });

  it('reports per queue how long its oldest waiting job has been due, from its last try when it was retried', async () => {
    const now = Date.now();
    const fresh = { timestamp: now - 60_000, opts: {}, processedOn: undefined };
    const delayed = { timestamp: now - 60_000, opts: { delay: 30_000 }, processedOn: undefined };
    const retried = { timestamp: now - 3_600_000, opts: {}, processedOn: now - 120_000 };
    const metrics = new MetricsService(
      readerOf(
        { name: 'a-fresh', waitingJobs: [fresh] },
        { name: 'b-delayed', waitingJobs: [delayed] },
        { name: 'c-retried', waitingJobs: [retried] },
        { name: 'd-empty', waitingJobs: [] },
      ),
      events,
    );
    const text = await metrics.scrape();
    const age = (queue: string) => Number(sample(text, `queue_oldest_waiting_seconds{queue="${queue}"}`));
    expect(age('a-fresh')).toBeGreaterThanOrEqual(60);
    expect(age('a-fresh')).toBeLessThan(90);
    expect(age('b-delayed')).toBeGreaterThanOrEqual(30);
    expect(age('b-delayed')).toBeLessThan(60);
    expect(age('c-retried')).toBeGreaterThanOrEqual(120);
    expect(age('c-retried')).toBeLessThan(600);
    expect(age('d-empty')).toBe(0);
  });
});
