import { InjectQueue } from '@nestjs/bull';
import {
  BadRequestException,
  type HttpException,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '../../common/async/with-timeout.js';
import { type TraceCarrier, traceCarrier } from '../../common/tracing/trace-carrier.js';
import { AppConfig } from '../../config/app-config.js';
import { PROCESS_EVENT_JOB, type ProcessEventJob, processEventJobOptions, WEBHOOK_EVENTS_QUEUE } from '../processing/webhook-queue.js';
import { WebhookEventStatus } from './webhook-event.entity.js';
import { type EventKey, type NewWebhookEvent, type StoredMatch, WebhookEventsRepository } from './webhook-events.repository.js';

/** SQLSTATE class 22, data exception: the values are at fault (too long, unstorable), not the database. */
const DATA_EXCEPTION_CLASS = '22';

/** What became of an event written: a new row, or a copy of a stored one (a duplicate, or a conflict when its body differs). */
export type InboxWrite = { stored: 'new'; id: string } | { stored: 'copy'; match: StoredMatch };

interface PendingWrite {
  event: NewWebhookEvent;
  key: string;
  /** Taken in the request's own context: the batch is written in whichever request's context flushes it. */
  trace: TraceCarrier | undefined;
  outcome?: InboxWrite;
  error?: HttpException;
  resolve: (outcome: InboxWrite) => void;
  reject: (error: HttpException) => void;
}

/**
 * Group commit of the inbox. Events arriving together are stored by one
 * multi-row INSERT, so a burst costs one commit per batch instead of one per
 * event; each caller is answered only after the commit that holds its row
 * (and the batch's one attempt to queue its events). A lone event is written
 * at once; while a batch is being written, the events arriving meanwhile
 * wait for it to end, at most WEBHOOK_INBOX_BATCH_WINDOW_MS, or until
 * WEBHOOK_INBOX_BATCH_MAX_ROWS of them are waiting; and while half the
 * database pool is writing batches, until one of them ends.
 */
@Injectable()
export class WebhookInboxWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(WebhookInboxWriter.name);
  private pending: PendingWrite[] = [];
  private window: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly events: WebhookEventsRepository,
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) private readonly queue: Queue<ProcessEventJob>,
    private readonly config: AppConfig,
  ) {}

  /**
   * Resolves once the event's row is committed (or found stored already); rejects with 400 when
   * Postgres refuses the event's own data, with 503 when its batch could not be stored.
   */
  write(event: NewWebhookEvent): Promise<InboxWrite> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, key: keyOf(event), trace: traceCarrier(), resolve, reject });
      this.schedule();
    });
  }

  /** Queues events for processing, in one call to Redis; rejects when Redis does not answer in time. */
  async enqueue(events: ProcessEventJob[]): Promise<void> {
    const retryDelaysMs = this.config.webhooks.retryDelaysMs;
    const jobs = events.map((data) => ({
      name: PROCESS_EVENT_JOB,
      data,
      opts: processEventJobOptions(data.eventId, retryDelaysMs),
    }));
    await withTimeout(this.queue.addBulk(jobs), this.config.redis.enqueueTimeoutMs, 'queue did not answer in time');
  }

  /** As enqueue, but resolves false instead of throwing: the events are committed, and the sweeper queues them later. */
  async enqueueQuietly(events: ProcessEventJob[]): Promise<boolean> {
    try {
      await this.enqueue(events);
      return true;
    } catch (error) {
      const which = events.length === 1 ? `event ${events[0].eventId}` : `${events.length} events`;
      this.logger.warn(`${which} committed but not queued (${(error as Error).message}); the sweeper will queue them`);
      return false;
    }
  }

  /**
   * Runs after the HTTP server has closed (so no request adds to a batch any
   * more) and before the database pool closes (its module is global, and
   * global modules shut down last): what waits is written now.
   */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.flush();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private schedule(): void {
    const { batchMaxRows, batchWindowMs } = this.config.inbox;
    if (this.closing || this.inFlight.size === 0 || batchWindowMs === 0 || this.pending.length >= batchMaxRows) this.flush();
    else this.window ??= setTimeout(() => this.flush(), batchWindowMs);
  }

  private flush(): void {
    if (this.window) clearTimeout(this.window);
    this.window = null;
    // Beyond the limit the events wait for a batch to end, however long their window: a slow
    // Postgres then gets fewer, larger batches instead of more connections taken from the pool.
    while (this.pending.length > 0 && (this.closing || this.inFlight.size < this.maxInFlight)) {
      const written = this.writeBatch(this.pending.splice(0, this.config.inbox.batchMaxRows)).finally(() => {
        this.inFlight.delete(written);
        // Those that waited for this batch go now, without waiting out their window.
        this.flush();
      });
      this.inFlight.add(written);
    }
  }

  /** Half the pool at most, so that workers, the audit and reads keep connections while the inbox is busy. */
  private get maxInFlight(): number {
    return Math.max(1, Math.floor(this.config.database.poolSize / 2));
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    await this.store(batch);
    const queued = batch.flatMap(({ event, outcome, trace }) =>
      outcome?.stored === 'new' && event.status === WebhookEventStatus.Pending ? [{ eventId: outcome.id, trace }] : [],
    );
    if (queued.length > 0) await this.enqueueQuietly(queued);
    for (const write of batch) {
      if (write.outcome) write.resolve(write.outcome);
      else write.reject(write.error ?? unavailable());
    }
  }

  /**
   * Events whose key is stored already are matched to their rows first: an
   * INSERT that runs into a row a worker is updating waits for the worker's
   * transaction, and a batch would wait for the slowest of them. Of the
   * rest, the first event of each key is inserted; the others are copies of
   * it, matched to the row it stored. Copies of an event Postgres refused
   * are tried again on their own: their body is not the refused one's.
   */
  private async store(batch: PendingWrite[]): Promise<void> {
    await this.match(batch, { refusedDataIsFailure: false });
    const firsts = new Map<string, PendingWrite>();
    const copies: PendingWrite[] = [];
    for (const write of batch.filter(isOpen)) {
      if (firsts.has(write.key)) copies.push(write);
      else firsts.set(write.key, write);
    }
    await this.insert([...firsts.values()]);
    const refused = (write: PendingWrite) => firsts.get(write.key)!.error instanceof BadRequestException;
    const retried = copies.filter(refused);
    for (const copy of copies) if (!refused(copy)) copy.error = firsts.get(copy.key)!.error;
    const unresolved = [...firsts.values(), ...copies].filter((write) => isOpen(write) && !retried.includes(write));
    await this.match(unresolved, { refusedDataIsFailure: true });
    // Its row was there when the insert ran into it, and is gone now (purged): a retry stores it anew.
    const vanished = unresolved.filter(isOpen);
    if (vanished.length > 0) this.fail(vanished, new Error(`${vanished.length} stored event(s) no longer found in the inbox`));
    if (retried.length > 0) await this.store(retried);
  }

  /** A data exception fails the whole statement: the batch is split until the row at fault is alone, and only it is refused. */
  private async insert(writes: PendingWrite[]): Promise<void> {
    try {
      const inserted = await this.events.insertMany(writes.map((write) => write.event));
      const ids = new Map(inserted.map((row) => [keyOf(row), row.id]));
      for (const write of writes) {
        const id = ids.get(write.key);
        if (id) write.outcome = { stored: 'new', id };
      }
    } catch (error) {
      if (isDataException(error) && writes.length > 1) {
        const half = Math.ceil(writes.length / 2);
        await this.insert(writes.slice(0, half));
        await this.insert(writes.slice(half));
      } else {
        this.fail(writes, error);
      }
    }
  }

  /**
   * Events whose key is stored: duplicates, or conflicts counted on the stored row, all in one
   * query. A data exception is left to the insert to pin on its row, unless that is done.
   */
  private async match(writes: PendingWrite[], { refusedDataIsFailure }: { refusedDataIsFailure: boolean }): Promise<void> {
    if (writes.length === 0) return;
    try {
      const matches = await this.events.matchStored(writes.map(({ event }) => event));
      writes.forEach((write, index) => {
        const match = matches.get(index);
        if (match) write.outcome = { stored: 'copy', match };
      });
    } catch (error) {
      if (refusedDataIsFailure || !isDataException(error)) this.fail(writes, error);
    }
  }

  /**
   * Any database failure means the events are not stored. The provider must
   * retry (503), unless the data itself is refused: a retry would be refused too.
   */
  private fail(writes: PendingWrite[], error: unknown): void {
    const { code, message } = error as { code?: string; message: string };
    if (isDataException(error)) {
      this.logger.warn(`inbox refused the event's data (${code}): ${message}`);
      const refused = new BadRequestException('The event holds a value that cannot be stored (too long, or not valid text).');
      for (const write of writes) write.error = refused;
      return;
    }
    this.logger.error(`inbox write of ${writes.length} event(s) failed: ${message}`);
    for (const write of writes) write.error = unavailable();
  }
}

function unavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException('The event store is unavailable; please retry later.');
}

function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith(DATA_EXCEPTION_CLASS);
}

function isOpen(write: PendingWrite): boolean {
  return !write.outcome && !write.error;
}

function keyOf({ provider, dedupeKey }: EventKey): string {
  return JSON.stringify([provider, dedupeKey]);
}
