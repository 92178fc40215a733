import { InjectQueue } from '@nestjs/bull';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { Repository } from 'typeorm';
import { withTimeout } from '../common/async/with-timeout.js';
import { redactPayload } from '../common/redaction/payload-redactor.js';
import { AppConfig } from '../config/app-config.js';
import { WebhookEvent, WebhookEventStatus } from '../webhooks/webhook-event.entity.js';
import { WebhookInboxService } from '../webhooks/webhook-inbox.service.js';
import { WEBHOOK_EVENTS_QUEUE } from '../webhooks/webhook-queue.js';
import type { BulkReplayDto } from './dto/bulk-replay.dto.js';
import type { WebhookEventPageQueryDto } from './dto/webhook-event-page-query.dto.js';
import type {
  ReplayResultDto,
  WebhookEventDetailDto,
  WebhookEventPageDto,
  WebhookEventSummaryDto,
} from './dto/webhook-event-views.dto.js';
import { selectEvents } from './webhook-event-selection.js';

/** Only finished events are replayed; pending and retrying ones are still on their way. */
const REPLAYABLE = [WebhookEventStatus.Dead, WebhookEventStatus.Processed];

const RESET_FOR_REPLAY = `
  UPDATE webhook_events SET status = 'pending'
  WHERE id = ANY($1::uuid[]) AND status = ANY($2::varchar[])
  RETURNING id`;

/**
 * The operator's view of the inbox, and replay: a finished event is set back
 * to pending and queued again, so it runs through the same dispatcher and
 * handler as on its first delivery. Handlers are idempotent, so replaying an
 * applied event changes nothing, not even the event's own record (see WebhookDispatcher).
 */
@Injectable()
export class WebhookEventsAdminService {
  private readonly logger = new Logger(WebhookEventsAdminService.name);

  constructor(
    @InjectRepository(WebhookEvent) private readonly events: Repository<WebhookEvent>,
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) private readonly queue: Queue,
    private readonly inbox: WebhookInboxService,
    private readonly config: AppConfig,
  ) {}

  async list(query: WebhookEventPageQueryDto): Promise<WebhookEventPageDto> {
    const [rows, total] = await selectEvents(this.events.createQueryBuilder('event'), query)
      .orderBy('event.receivedAt', 'DESC')
      .addOrderBy('event.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(summarise), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<WebhookEventDetailDto> {
    const event = await this.events.findOneBy({ id });
    if (!event) throw new NotFoundException(`Webhook event ${id} not found.`);
    return {
      ...summarise(event),
      note: event.note,
      lastFailedAt: event.lastFailedAt,
      dedupeKey: event.dedupeKey,
      requestId: event.requestId,
      payload: redactPayload(event.payload),
    };
  }

  async replayOne(id: string): Promise<ReplayResultDto> {
    const event = await this.events.findOne({ where: { id }, select: { id: true, status: true } });
    if (!event) throw new NotFoundException(`Webhook event ${id} not found.`);
    const result = await this.replay([id]);
    if (result.replayed === 0) throw new ConflictException(`Webhook event ${id} is ${event.status}; only dead or processed events are replayed.`);
    return result;
  }

  async replayMatching(filter: BulkReplayDto): Promise<ReplayResultDto> {
    if (filter.status && !REPLAYABLE.includes(filter.status)) {
      throw new BadRequestException(`status must be one of: ${REPLAYABLE.join(', ')}`);
    }
    const rows = await selectEvents(this.events.createQueryBuilder('event'), { ...filter, status: filter.status ?? WebhookEventStatus.Dead })
      .select('event.id', 'id')
      .orderBy('event.receivedAt', 'ASC')
      .limit(filter.limit)
      .getRawMany<{ id: string }>();
    return this.replay(rows.map((row) => row.id));
  }

  private async replay(ids: string[]): Promise<ReplayResultDto> {
    if (ids.length === 0) return { replayed: 0, eventIds: [] };
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows] = (await this.events.query(RESET_FOR_REPLAY, [ids, REPLAYABLE])) as [Array<{ id: string }>, number];
    const eventIds = rows.map((row) => row.id);
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
  };
}
