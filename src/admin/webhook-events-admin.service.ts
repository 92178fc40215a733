import { InjectQueue } from '@nestjs/bull';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '../common/async/with-timeout.js';
import { redactPayload } from '../common/redaction/payload-redactor.js';
import { inBatches } from '../common/retention/scheduled-purge.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { type WebhookEvent, WebhookEventStatus } from '../webhooks/inbox/webhook-event.entity.js';
import { WebhookEventsRepository } from '../webhooks/inbox/webhook-events.repository.js';
import { WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { DEDUPE_KEY_DAYS, latestPurgeableReceipt } from '../webhooks/retention/webhook-retention.js';
import { WebhookRetentionRepository } from '../webhooks/retention/webhook-retention.repository.js';
import { WEBHOOK_EVENTS_QUEUE } from '../webhooks/processing/webhook-queue.js';
import type { BulkReplayDto } from './dto/bulk-replay.dto.js';
import type { PurgeDeadEventsDto, PurgeDeadEventsResultDto } from './dto/purge-dead-events.dto.js';
import type { WebhookEventPageQueryDto } from './dto/webhook-event-page-query.dto.js';
import type { ReplayResultDto, WebhookEventDetailDto, WebhookEventPageDto, WebhookEventSummaryDto } from './dto/webhook-event-views.dto.js';

/** Only finished events are replayed; pending and retrying ones are still on their way. */
const REPLAYABLE = [WebhookEventStatus.Dead, WebhookEventStatus.Processed];

/**
 * The operator's view of the inbox, and replay: a finished event is set back
 * to pending and queued again, so it runs through the same dispatcher and
 * handler as on its first delivery. Handlers are idempotent, so replaying an
 * applied event changes nothing, not even the event's own record (see WebhookDispatcherService).
 */
@Injectable()
export class WebhookEventsAdminService {
  private readonly logger = new Logger(WebhookEventsAdminService.name);

  constructor(
    private readonly events: WebhookEventsRepository,
    private readonly retention: WebhookRetentionRepository,
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) private readonly queue: Queue,
    private readonly inbox: WebhookInboxService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  async list(query: WebhookEventPageQueryDto): Promise<WebhookEventPageDto> {
    const [rows, total] = await this.events.page(query, query.page, query.pageSize);
    return { items: rows.map(summarise), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<WebhookEventDetailDto> {
    const event = await this.events.findById(id);
    if (!event) throw new NotFoundException(`Webhook event ${id} not found.`);
    return {
      ...summarise(event),
      note: event.note,
      lastFailedAt: event.lastFailedAt,
      dedupeKey: event.dedupeKey,
      bodySha256: event.bodySha256,
      requestId: event.requestId,
      payload: redactPayload(event.payload),
      payloadPurgedAt: event.payloadPurgedAt,
    };
  }

  async replayOne(id: string): Promise<ReplayResultDto> {
    const status = await this.events.statusOf(id);
    if (!status) throw new NotFoundException(`Webhook event ${id} not found.`);
    const result = await this.replay([id]);
    if (result.replayed > 0) return result;
    const purgedAt = await this.retention.payloadPurgedAt(id);
    if (purgedAt) {
      throw new ConflictException(
        `Webhook event ${id} cannot be replayed: its payload was purged at ${purgedAt.toISOString()} (WEBHOOK_RETENTION_DAYS); only its dedupe key is kept.`,
      );
    }
    throw new ConflictException(`Webhook event ${id} is ${status}; only dead or processed events are replayed.`);
  }

  async replayMatching(filter: BulkReplayDto): Promise<ReplayResultDto> {
    if (filter.status && !REPLAYABLE.includes(filter.status)) {
      throw new BadRequestException(`status must be one of: ${REPLAYABLE.join(', ')}`);
    }
    const ids = await this.events.idsMatching({ ...filter, status: filter.status ?? WebhookEventStatus.Dead }, filter.limit);
    return this.replay(ids);
  }

  /**
   * Deletes dead events received before the date, in short batches. Refused for a date within the last
   * DEDUPE_KEY_DAYS: a provider may still retry those events, and without their dedupe key a retry would be new.
   */
  async purgeDead(request: PurgeDeadEventsDto): Promise<PurgeDeadEventsResultDto> {
    const receivedBefore = new Date(request.receivedBefore);
    const latest = latestPurgeableReceipt(Date.now());
    if (receivedBefore.getTime() > latest) {
      throw new BadRequestException(
        `receivedBefore must be at least ${DEDUPE_KEY_DAYS} days ago (${new Date(latest).toISOString()} or earlier): dedupe keys are kept that long; replay younger dead events instead`,
      );
    }
    const provider = request.provider ?? null;
    const purged = await inBatches(
      this.config.webhookRetention.purgeBatchSize,
      (limit) => this.retention.deleteDead(receivedBefore, provider, limit),
      (count) => this.metrics.webhookEventsPurged('dead_deleted', count),
    );
    this.logger.log(
      `purged ${purged} dead webhook event(s) received before ${receivedBefore.toISOString()}${provider ? ` of ${provider}` : ''}`,
    );
    return { purged };
  }

  private async replay(ids: string[]): Promise<ReplayResultDto> {
    if (ids.length === 0) return { replayed: 0, eventIds: [] };
    const eventIds = await this.events.resetForReplay(ids, REPLAYABLE);
    for (const id of eventIds) await this.requeue(id);
    if (eventIds.length > 0) this.logger.log(`replaying ${eventIds.length} webhook event(s)`);
    return { replayed: eventIds.length, eventIds };
  }

  /** Bull ignores a job id it still holds, so a leftover job of the event's last run goes first. */
  private async requeue(id: string): Promise<void> {
    const timeoutMs = this.config.redis.enqueueTimeoutMs;
    try {
      const leftover = await withTimeout(this.queue.getJob(id), timeoutMs, 'queue did not answer in time');
      if (leftover) await withTimeout(leftover.remove(), timeoutMs, 'queue did not answer in time');
    } catch (error) {
      this.logger.warn(`old job of event ${id} not removed: ${(error as Error).message}`);
    }
    // Pending in Postgres is what counts: if Redis does not take the job now, the sweeper queues it.
    await this.inbox.enqueueQuietly(id);
  }
}

function summarise(event: WebhookEvent): WebhookEventSummaryDto {
  return {
    id: event.id,
    provider: event.provider,
    eventType: event.eventType,
    source: event.source,
    status: event.status,
    outcome: event.outcome,
    orderId: event.reference,
    attempts: event.attempts,
    lastError: event.lastError,
    receivedAt: event.receivedAt,
    processedAt: event.processedAt,
    conflicts: event.conflicts,
    lastConflictAt: event.lastConflictAt,
  };
}
