import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { tagWebhookSpan, traceCarrier } from '../../common/tracing/trace-carrier.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import { WebhookEventSource, WebhookEventStatus } from './webhook-event.entity.js';
import type { ConflictedEvent, NewWebhookEvent } from './webhook-events.repository.js';
import { WebhookInboxWriter } from './webhook-inbox.writer.js';

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

/**
 * Commits events to the inbox, then queues them. The commit is what the
 * provider's 200 promises; the queueing may fail (Redis down) and is then
 * redone by the sweeper. Events arriving together share one commit
 * (WebhookInboxWriter).
 */
@Injectable()
export class WebhookInboxService {
  private readonly logger = new Logger(WebhookInboxService.name);

  constructor(
    private readonly writer: WebhookInboxWriter,
    private readonly metrics: MetricsService,
    private readonly registry: WebhookHandlerRegistry,
  ) {}

  /** Rejects with 400 when Postgres refuses the event's data (a retry would be refused too), with 503 when it is not stored. */
  async accept(given: InboxEntry): Promise<InboxReceipt> {
    const entry = { ...given, dedupeKey: storableDedupeKey(given.dedupeKey) };
    const written = await this.writer.write(newEvent(entry));
    tagWebhookSpan({ ...entry, eventId: written.stored === 'new' ? written.id : written.match.id });
    if (written.stored === 'copy') {
      if (written.match.conflict) return this.conflict(entry, written.match);
      this.metrics.webhookReceived(entry.provider, entry.eventType, 'duplicate');
      return { status: 'duplicate', eventId: written.match.id };
    }
    const status = entry.ignored ? 'ignored' : 'accepted';
    this.metrics.webhookReceived(entry.provider, entry.eventType, status);
    return { status, eventId: written.id };
  }

  /** Queues an event for processing; resolves false instead of throwing when Redis does not answer in time. */
  enqueueQuietly(eventId: string): Promise<boolean> {
    return this.writer.enqueueQuietly([{ eventId, trace: traceCarrier() }]);
  }

  enqueue(eventId: string): Promise<void> {
    return this.writer.enqueue([{ eventId, trace: traceCarrier() }]);
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
}

function newEvent(entry: InboxEntry): NewWebhookEvent {
  return {
    provider: entry.provider,
    eventType: entry.eventType,
    dedupeKey: entry.dedupeKey,
    reference: entry.reference ?? null,
    payload: entry.payload,
    source: entry.source ?? WebhookEventSource.Webhook,
    requestId: entry.requestId ?? null,
    status: entry.ignored ? WebhookEventStatus.Ignored : WebhookEventStatus.Pending,
    bodySha256: entry.bodySha256 ?? null,
  };
}

/** A key too long for its column becomes its SHA-256: still the same key for every copy of the event. */
export function storableDedupeKey(key: string): string {
  return key.length <= DEDUPE_KEY_MAX_LENGTH ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
