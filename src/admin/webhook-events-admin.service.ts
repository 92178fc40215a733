import { InjectQueue } from '@nestjs/bull';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '../common/async/with-timeout.js';
import { redactPayload } from '../common/redaction/payload-redactor.js';
import { AppConfig } from '../config/app-config.js';
import { type WebhookEvent, WebhookEventStatus } from '../webhooks/inbox/webhook-event.entity.js';
import { WebhookEventsRepository } from '../webhooks/inbox/webhook-events.repository.js';
import { WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { WEBHOOK_EVENTS_QUEUE } from '../webhooks/processing/webhook-queue.js';
import type { BulkReplayDto } from './dto/bulk-replay.dto.js';
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
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) private readonly queue: Queue,
    private readonly inbox: WebhookInboxService,
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
    };
  }

  async replayOne(id: string): Promise<ReplayResultDto> {
    const status = await this.events.statusOf(id);
    if (!status) throw new NotFoundException(`Webhook event ${id} not found.`);
    const result = await this.replay([id]);
    if (result.replayed === 0) throw new ConflictException(`Webhook event ${id} is ${status}; only dead or processed events are replayed.`);
    return result;
  }

  async replayMatching(filter: BulkReplayDto): Promise<ReplayResultDto> {
    if (filter.status && !REPLAYABLE.includes(filter.status)) {
      throw new BadRequestException(`status must be one of: ${REPLAYABLE.join(', ')}`);
    }
    const ids = await this.events.idsMatching({ ...filter, status: filter.status ?? WebhookEventStatus.Dead }, filter.limit);
    return this.replay(ids);
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
