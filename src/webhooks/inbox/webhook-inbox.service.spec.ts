import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import type { Queue } from 'bull';
import { loadConfig } from '../../config/app-config.js';
import type { MetricsService } from '../../metrics/metrics.service.js';
import { WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import type { WebhookEventsRepository } from './webhook-events.repository.js';
import { storableDedupeKey, WebhookInboxService } from './webhook-inbox.service.js';

const entry = { provider: 'payment', eventType: 'payment.success', dedupeKey: 'k', payload: {} };

/** An inbox whose database fails every query with `error`; Redis is never reached. */
function inboxFailingWith(error: object): WebhookInboxService {
  const fail = () => Promise.reject(Object.assign(new Error('from postgres'), error));
  const events = { insertIfNew: fail, idOf: fail } as unknown as WebhookEventsRepository;
  const metrics = { webhookReceived: () => undefined } as unknown as MetricsService;
  return new WebhookInboxService(
    events,
    {} as Queue,
    loadConfig({ ADMIN_API_KEY: 'admin-key-0123456789' }),
    metrics,
    new WebhookHandlerRegistry(),
  );
}

describe('WebhookInboxService', () => {
  it.each([['22001 (value too long)'], ['22P05 (untranslatable character)'], ['22P02 (invalid text representation)']])(
    'answers 400 when Postgres refuses the data itself, SQLSTATE %s: a retry would be refused too',
    async (code) => {
      await expect(inboxFailingWith({ code: code.slice(0, 5) }).accept(entry)).rejects.toBeInstanceOf(BadRequestException);
    },
  );

  it.each([[{ code: '57P01' }], [{ code: '08006' }], [{}]])(
    'answers 503 for any other failure (%p): the provider retries',
    async (error) => {
      await expect(inboxFailingWith(error).accept(entry)).rejects.toBeInstanceOf(ServiceUnavailableException);
    },
  );
});

describe('storableDedupeKey', () => {
  it('keeps a key that fits its column and hashes a longer one, the same way every time', () => {
    expect(storableDedupeKey('x'.repeat(300))).toBe('x'.repeat(300));
    const long = storableDedupeKey('y'.repeat(301));
    expect(long).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(storableDedupeKey('y'.repeat(301))).toBe(long);
    expect(storableDedupeKey('z'.repeat(301))).not.toBe(long);
  });
});
