import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { BadRequestException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '../../common/async/with-timeout.js';
import { tagWebhookSpan, traceCarrier } from '../../common/tracing/trace-carrier.js';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import { WebhookEventSource, WebhookEventStatus } from './webhook-event.entity.js';
import { type ConflictedEvent, WebhookEventsRepository } from './webhook-events.repository.js';
import { PROCESS_EVENT_JOB, type ProcessEventJob, processEventJobOptions, WEBHOOK_EVENTS_QUEUE } from '../processing/webhook-queue.js';

export interface InboxEntry {
  provider: string;
  eventType: string;
  dedupeKey: string;
  reference?: string | null;
  payload: object;
  source?: WebhookEventSource;
  requestId?: string;
  /** A verified event of a type the service does not act on: stored for the record, never queued. */
  ignored?: boolean;
  /**
   * SHA-256 (hex) of the verified body as received (verifiedBodySha256): a
   * repeat of the key with another hash is a conflict, not a duplicate.
   * Reconciliation's entries have none (their payload is ours, not the provider's bytes).
   */
  bodySha256?: string;
}

export interface InboxReceipt {
  /** `conflict`: the key of a stored event came again with another body; it is not stored or applied, and ops are alerted. */
  status: 'accepted' | 'duplicate' | 'ignored' | 'conflict';
  eventId: string;
}

/** Width of webhook_events.dedupe_key. */
const DEDUPE_KEY_MAX_LENGTH = 300;
/** SQLSTATE class 22, data exception: the values are at fault (too long, unstorable), not the database. */
const DATA_EXCEPTION_CLASS = '22';

/**
 * Commits events to the inbox, then queues them. The commit is what the
 * provider's 200 promises; the queueing may fail (Redis down) and is then
 * redone by the sweeper.
 */
@Injectable()
export class WebhookInboxService {
  private readonly logger = new Logger(WebhookInboxService.name);

  constructor(
    private readonly events: WebhookEventsRepository,
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) private readonly queue: Queue<ProcessEventJob>,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly registry: WebhookHandlerRegistry,
  ) {}

  async accept(given: InboxEntry): Promise<InboxReceipt> {
    const entry = { ...given, dedupeKey: storableDedupeKey(given.dedupeKey) };
    const inserted = await this.insert(entry);
    tagWebhookSpan({ ...entry, eventId: inserted });
    if (!inserted) {
      const conflicted = await this.stored(() => this.events.countConflict(entry.provider, entry.dedupeKey, entry.bodySha256 ?? null));
      if (conflicted) return this.conflict(entry, conflicted);
      this.metrics.webhookReceived(entry.provider, entry.eventType, 'duplicate');
      return { status: 'duplicate', eventId: await this.existingId(entry) };
    }
    if (entry.ignored) {
      this.metrics.webhookReceived(entry.provider, entry.eventType, 'ignored');
      return { status: 'ignored', eventId: inserted };
    }
    this.metrics.webhookReceived(entry.provider, entry.eventType, 'accepted');
    await this.enqueueQuietly(inserted);
    return { status: 'accepted', eventId: inserted };
  }

  /** Queues an event for processing; resolves false instead of throwing when Redis does not answer in time. */
  async enqueueQuietly(eventId: string): Promise<boolean> {
    try {
      await this.enqueue(eventId);
      return true;
    } catch (error) {
      this.logger.warn(`event ${eventId} committed but not queued (${(error as Error).message}); the sweeper will queue it`);
      return false;
    }
  }

  async enqueue(eventId: string): Promise<void> {
    const options = processEventJobOptions(eventId, this.config.webhooks.retryDelaysMs);
    await withTimeout(
      this.queue.add(PROCESS_EVENT_JOB, { eventId, trace: traceCarrier() }, options),
      this.config.redis.enqueueTimeoutMs,
      'queue did not answer in time',
    );
  }

  /**
   * The same dedupe key with another body: the provider changed what it says
   * about one event (a corrected amount), or two events collide on a key.
   * Neither body may silently win, so the second is not applied; it is
   * logged, counted (metric, and on the stored event) and alerted. Answered
   * 200 with status `conflict`: a retry would only conflict again.
   */
  private async conflict(entry: InboxEntry, stored: ConflictedEvent): Promise<InboxReceipt> {
    this.metrics.webhookReceived(entry.provider, entry.eventType, 'conflict');
    this.logger.warn(
      `dedupe conflict: ${entry.provider}/${entry.eventType} reused the key of event ${stored.id} with another body ` +
        `(${stored.conflicts} conflict(s) on it); not applied`,
    );
    await this.registry
      .notifyConflict({
        eventId: stored.id,
        provider: entry.provider,
        eventType: stored.eventType,
        reference: stored.reference,
        conflicts: stored.conflicts,
      })
      .catch((error: Error) => this.logger.warn(`conflict on event ${stored.id} not alerted: ${error.message}`));
    return { status: 'conflict', eventId: stored.id };
  }

  private insert(entry: InboxEntry): Promise<string | undefined> {
    return this.stored(() =>
      this.events.insertIfNew({
        provider: entry.provider,
        eventType: entry.eventType,
        dedupeKey: entry.dedupeKey,
        reference: entry.reference ?? null,
        payload: entry.payload,
        source: entry.source ?? WebhookEventSource.Webhook,
        requestId: entry.requestId ?? null,
        status: entry.ignored ? WebhookEventStatus.Ignored : WebhookEventStatus.Pending,
        bodySha256: entry.bodySha256 ?? null,
      }),
    );
  }

  private async existingId(entry: InboxEntry): Promise<string> {
    const id = await this.stored(() => this.events.idOf(entry.provider, entry.dedupeKey));
    // Inbox rows are never deleted, so the row the insert conflicted with is there.
    if (id === undefined) throw new Error(`duplicate event ${entry.provider}/${entry.dedupeKey} not found in the inbox`);
    return id;
  }

  /**
   * Any database failure here means the event is not stored. The provider must
   * retry (503), unless the data itself is refused: a retry would be refused too.
   */
  private async stored<T>(access: () => Promise<T>): Promise<T> {
    try {
      return await access();
    } catch (error) {
      const { code, message } = error as { code?: unknown; message: string };
      if (typeof code === 'string' && code.startsWith(DATA_EXCEPTION_CLASS)) {
        this.logger.warn(`inbox refused the event's data (${code}): ${message}`);
        throw new BadRequestException('The event holds a value that cannot be stored (too long, or not valid text).');
      }
      this.logger.error(`inbox write failed: ${message}`);
      throw new ServiceUnavailableException('The event store is unavailable; please retry later.');
    }
  }
}

/** A key too long for its column becomes its SHA-256: still the same key for every copy of the event. */
export function storableDedupeKey(key: string): string {
  return key.length <= DEDUPE_KEY_MAX_LENGTH ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
