import { jest } from '@jest/globals';
import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import type { Queue } from 'bull';
import { loadConfig } from '../../config/app-config.js';
import { PROCESS_EVENT_JOB, processEventJobOptions } from '../processing/webhook-queue.js';
import { WebhookEventSource, WebhookEventStatus } from './webhook-event.entity.js';
import type { InsertedEvent, NewWebhookEvent, StoredCopy, StoredMatch, WebhookEventsRepository } from './webhook-events.repository.js';
import { type InboxWrite, WebhookInboxWriter } from './webhook-inbox.writer.js';

const event = (dedupeKey: string, overrides: Partial<NewWebhookEvent> = {}): NewWebhookEvent => ({
  provider: 'payment',
  eventType: 'payment.success',
  dedupeKey,
  reference: null,
  payload: {},
  source: WebhookEventSource.Webhook,
  requestId: null,
  status: WebhookEventStatus.Pending,
  bodySha256: 'a'.repeat(64),
  ...overrides,
});

/**
 * The inbox table as the writer sees it: what the two statements do to it, every statement
 * recorded, each held while `hold` is set (Postgres busy) and failing with `failure` when set.
 */
class FakeEvents {
  readonly rows = new Map<string, { id: string; bodySha256: string | null; conflicts: number }>();
  readonly inserts: string[][] = [];
  matches = 0;
  hold: Promise<void> | null = null;
  failure: ((events: NewWebhookEvent[]) => object | undefined) | null = null;

  readonly repository = {
    insertMany: (events: NewWebhookEvent[]) => this.insertMany(events),
    matchStored: (copies: StoredCopy[]) => this.matchStored(copies),
  } as unknown as WebhookEventsRepository;

  private async insertMany(events: NewWebhookEvent[]): Promise<InsertedEvent[]> {
    this.inserts.push(events.map((e) => e.dedupeKey));
    await this.hold;
    const failure = this.failure?.(events);
    if (failure) throw Object.assign(new Error('from postgres'), failure);
    return events.flatMap(({ provider, dedupeKey, bodySha256 }) => {
      if (this.rows.has(dedupeKey)) return [];
      const id = `id-${dedupeKey}`;
      this.rows.set(dedupeKey, { id, bodySha256, conflicts: 0 });
      return [{ id, provider, dedupeKey }];
    });
  }

  private async matchStored(copies: StoredCopy[]): Promise<Map<number, StoredMatch>> {
    this.matches += 1;
    const found = new Map<number, StoredMatch>();
    copies.forEach((copy, index) => {
      const row = this.rows.get(copy.dedupeKey);
      if (!row) return;
      const conflict = row.bodySha256 !== null && copy.bodySha256 !== null && row.bodySha256 !== copy.bodySha256;
      if (conflict) row.conflicts += 1;
      found.set(index, { id: row.id, eventType: 'payment.success', reference: null, conflict, conflicts: row.conflicts });
    });
    return found;
  }
}

function writerOver(events: FakeEvents, settings: Record<string, string> = {}) {
  const addBulk = jest.fn(async (jobs: unknown[]) => jobs);
  const config = loadConfig({ ADMIN_API_KEY: 'admin-key-0123456789', WEBHOOK_INBOX_BATCH_WINDOW_MS: '5', ...settings });
  const writer = new WebhookInboxWriter(events.repository, { addBulk } as unknown as Queue, config);
  return { writer, addBulk, config };
}

/** Lets the writer's promises run (no timers). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function held(): { hold: Promise<void>; release: () => void } {
  let release = () => undefined as void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  return { hold, release };
}

describe('WebhookInboxWriter', () => {
  afterEach(() => jest.useRealTimers());

  it('writes a lone event at once, without waiting out a window', async () => {
    const events = new FakeEvents();
    const { writer } = writerOver(events, { WEBHOOK_INBOX_BATCH_WINDOW_MS: '100' });
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });

    await expect(writer.write(event('k1'))).resolves.toEqual({ stored: 'new', id: 'id-k1' });
    expect(events.inserts).toEqual([['k1']]);
  });

  it('gathers the events arriving while a batch is written into one INSERT, sent when the batch ends', async () => {
    const events = new FakeEvents();
    const { writer } = writerOver(events, { WEBHOOK_INBOX_BATCH_WINDOW_MS: '100' });
    const busy = held();
    events.hold = busy.hold;
    const first = writer.write(event('k0'));
    const others = ['k1', 'k2', 'k3'].map((key) => writer.write(event(key)));
    await settle();
    expect(events.inserts).toEqual([['k0']]);

    events.hold = null;
    busy.release();
    await Promise.all([first, ...others]);
    expect(events.inserts).toEqual([['k0'], ['k1', 'k2', 'k3']]);
  });

  it('sends a waiting batch when its window ends, even while the batch before it is still being written', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const events = new FakeEvents();
    const { writer } = writerOver(events, { WEBHOOK_INBOX_BATCH_WINDOW_MS: '2' });
    const busy = held();
    events.hold = busy.hold;
    void writer.write(event('k0'));
    const waiting = [writer.write(event('k1')), writer.write(event('k2'))];
    await settle();
    expect(events.inserts).toEqual([['k0']]);

    jest.advanceTimersByTime(1);
    await settle();
    expect(events.inserts).toHaveLength(1);
    events.hold = null;
    jest.advanceTimersByTime(1);
    await Promise.all(waiting);
    expect(events.inserts).toEqual([['k0'], ['k1', 'k2']]);
    busy.release();
  });

  it('writes with at most half the database pool: beyond, the events wait for a batch to end, past their window', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const events = new FakeEvents();
    const { writer } = writerOver(events, { WEBHOOK_INBOX_BATCH_WINDOW_MS: '2', DATABASE_POOL_SIZE: '3' });
    const busy = held();
    events.hold = busy.hold;
    const first = writer.write(event('k0'));
    const waiting = [writer.write(event('k1')), writer.write(event('k2'))];
    jest.advanceTimersByTime(10);
    await settle();
    expect(events.inserts).toEqual([['k0']]);

    events.hold = null;
    busy.release();
    await Promise.all([first, ...waiting]);
    expect(events.inserts).toEqual([['k0'], ['k1', 'k2']]);
  });

  it('sends a batch as soon as it holds WEBHOOK_INBOX_BATCH_MAX_ROWS events', async () => {
    const events = new FakeEvents();
    const { writer } = writerOver(events, { WEBHOOK_INBOX_BATCH_WINDOW_MS: '100', WEBHOOK_INBOX_BATCH_MAX_ROWS: '3' });
    const busy = held();
    events.hold = busy.hold;
    const writes = ['k0', 'k1', 'k2', 'k3', 'k4'].map((key) => writer.write(event(key)));
    await settle();
    expect(events.inserts).toEqual([['k0'], ['k1', 'k2', 'k3']]);

    events.hold = null;
    busy.release();
    await Promise.all(writes);
    expect(events.inserts).toEqual([['k0'], ['k1', 'k2', 'k3'], ['k4']]);
  });

  it.each([
    ['WEBHOOK_INBOX_BATCH_WINDOW_MS', '0'],
    ['WEBHOOK_INBOX_BATCH_MAX_ROWS', '1'],
  ])('with %s=%s writes every event by its own INSERT', async (setting, value) => {
    const events = new FakeEvents();
    const { writer } = writerOver(events, { [setting]: value });
    await Promise.all(['k0', 'k1', 'k2'].map((key) => writer.write(event(key))));
    expect(events.inserts).toEqual([['k0'], ['k1'], ['k2']]);
  });

  it('inserts the first of several copies in one batch; the others are duplicates, or conflicts when their body differs', async () => {
    const events = new FakeEvents();
    const { writer, addBulk } = writerOver(events);
    const busy = held();
    events.hold = busy.hold;
    void writer.write(event('other'));
    events.matches = 0;
    const writes = [
      writer.write(event('k1')),
      writer.write(event('k1')),
      writer.write(event('k1', { bodySha256: 'b'.repeat(64) })),
      writer.write(event('k1', { bodySha256: null })),
    ];
    events.hold = null;
    busy.release();

    const [first, duplicate, conflict, unhashed] = await Promise.all(writes);
    expect(events.inserts[1]).toEqual(['k1']);
    // One query before the INSERT (none of them stored yet), one after it for the copies.
    expect(events.matches).toBe(2);
    expect(first).toEqual({ stored: 'new', id: 'id-k1' });
    expect(copyOf(duplicate)).toEqual({ id: 'id-k1', conflict: false });
    expect(copyOf(conflict)).toEqual({ id: 'id-k1', conflict: true });
    expect(copyOf(unhashed)).toEqual({ id: 'id-k1', conflict: false });
    expect(events.rows.get('k1')?.conflicts).toBe(1);
    // The copies are not queued again: one job per new event.
    expect(addBulk.mock.calls.flatMap(([jobs]) => jobs)).toHaveLength(2);
  });

  it('matches the events of a batch whose keys are stored already in one query, and inserts only the others', async () => {
    const events = new FakeEvents();
    const { writer } = writerOver(events);
    await Promise.all([writer.write(event('k1')), writer.write(event('k2'))]);
    const busy = held();
    events.hold = busy.hold;
    void writer.write(event('k0'));
    events.matches = 0;
    const copies = [writer.write(event('k1')), writer.write(event('k2', { bodySha256: 'c'.repeat(64) })), writer.write(event('k3'))];
    events.hold = null;
    busy.release();

    const [k1, k2, k3] = await Promise.all(copies);
    expect(events.matches).toBe(1);
    expect(events.inserts.at(-1)).toEqual(['k3']);
    expect(copyOf(k1)).toEqual({ id: 'id-k1', conflict: false });
    expect(copyOf(k2)).toEqual({ id: 'id-k2', conflict: true });
    expect(k3).toEqual({ stored: 'new', id: 'id-k3' });
  });

  it('queues the new events of a batch with one addBulk, with the jobs options of single events; ignored ones are not queued', async () => {
    const events = new FakeEvents();
    const { writer, addBulk, config } = writerOver(events);
    const busy = held();
    events.hold = busy.hold;
    void writer.write(event('k0'));
    const writes = [
      writer.write(event('k1')),
      writer.write(event('k2', { status: WebhookEventStatus.Ignored })),
      writer.write(event('k3')),
    ];
    events.hold = null;
    busy.release();
    await Promise.all(writes);

    expect(addBulk).toHaveBeenCalledTimes(2);
    expect(addBulk.mock.calls[1][0]).toEqual(
      ['id-k1', 'id-k3'].map((eventId) => ({
        name: PROCESS_EVENT_JOB,
        data: { eventId },
        opts: processEventJobOptions(eventId, config.webhooks.retryDelaysMs),
      })),
    );
  });

  it('answers after the commit even when Redis does not take the jobs: the sweeper queues them', async () => {
    const events = new FakeEvents();
    const { writer, addBulk } = writerOver(events, { ENQUEUE_TIMEOUT_MS: '20' });
    addBulk.mockImplementation(() => new Promise(() => undefined));
    await expect(writer.write(event('k1'))).resolves.toEqual({ stored: 'new', id: 'id-k1' });
  });

  it.each([['22001 (value too long)'], ['22P05 (untranslatable character)'], ['22P02 (invalid text representation)']])(
    'refuses with 400 only the event whose data Postgres refuses, SQLSTATE %s; its neighbours are stored',
    async (code) => {
      const events = new FakeEvents();
      const { writer } = writerOver(events);
      events.failure = (batch) => (batch.some((e) => e.dedupeKey === 'bad') ? { code: code.slice(0, 5) } : undefined);
      const busy = held();
      events.hold = busy.hold;
      void writer.write(event('k0'));
      const keys = ['k1', 'k2', 'bad', 'k3', 'k4', 'k5'];
      const writes = keys.map((key) => writer.write(event(key)).catch((error: Error) => error));
      events.hold = null;
      busy.release();

      const answers = await Promise.all(writes);
      expect(answers[2]).toBeInstanceOf(BadRequestException);
      expect(answers.filter((_, i) => i !== 2)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5'].map((key) => ({ stored: 'new', id: `id-${key}` })));
    },
  );

  it('tries again the copies of an event whose data was refused: their body is not the refused one', async () => {
    const events = new FakeEvents();
    const { writer } = writerOver(events);
    events.failure = (batch) => (batch.some((e) => e.requestId === 'bad') ? { code: '22P05' } : undefined);
    const busy = held();
    events.hold = busy.hold;
    void writer.write(event('k0'));
    const refused = writer.write(event('k1', { requestId: 'bad' })).catch((error: Error) => error);
    const copy = writer.write(event('k1', { bodySha256: 'd'.repeat(64) }));
    events.hold = null;
    busy.release();

    expect(await refused).toBeInstanceOf(BadRequestException);
    await expect(copy).resolves.toEqual({ stored: 'new', id: 'id-k1' });
  });

  it.each([[{ code: '57P01' }], [{ code: '08006' }], [{}]])(
    'answers 503 to every event of a batch that fails otherwise (%p); the next batch is stored',
    async (error) => {
      const events = new FakeEvents();
      const { writer } = writerOver(events);
      events.failure = () => error;
      const failed = await Promise.all(['k1', 'k2'].map((key) => writer.write(event(key)).catch((e: Error) => e)));
      expect(failed.map((answer) => answer instanceof ServiceUnavailableException)).toEqual([true, true]);

      events.failure = null;
      await expect(writer.write(event('k1'))).resolves.toEqual({ stored: 'new', id: 'id-k1' });
    },
  );

  it('on shutdown writes what waits at once, and answers every caller before it returns', async () => {
    const events = new FakeEvents();
    const { writer } = writerOver(events, { WEBHOOK_INBOX_BATCH_WINDOW_MS: '100' });
    const busy = held();
    events.hold = busy.hold;
    const answered: string[] = [];
    const writes = ['k0', 'k1', 'k2'].map((key) => writer.write(event(key)).then(() => answered.push(key)));
    const stopped = writer.onApplicationShutdown();
    events.hold = null;
    busy.release();
    await stopped;

    expect(answered.sort()).toEqual(['k0', 'k1', 'k2']);
    expect(events.inserts).toEqual([['k0'], ['k1', 'k2']]);
    await Promise.all(writes);
  });
});

function copyOf(write: InboxWrite): { id: string; conflict: boolean } {
  if (write.stored !== 'copy') throw new Error(`expected a copy, got ${JSON.stringify(write)}`);
  return { id: write.match.id, conflict: write.match.conflict };
}
