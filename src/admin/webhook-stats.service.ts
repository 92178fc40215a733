import { BadRequestException, Injectable } from '@nestjs/common';
import { QueueDepthReader } from '../metrics/queue-depth.reader.js';
import { type EventFiguresRow, WebhookEventsRepository } from '../webhooks/inbox/webhook-events.repository.js';
import type { StatsQueryDto } from './dto/stats-query.dto.js';
import type { EventFiguresDto, WebhookStatsDto } from './dto/webhook-stats.dto.js';

const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

/** The seed's monitoring figures over a time window: success rate, processing time, failures, queue depth. */
@Injectable()
export class WebhookStatsService {
  constructor(
    private readonly events: WebhookEventsRepository,
    private readonly queues: QueueDepthReader,
  ) {}

  async stats(query: StatsQueryDto): Promise<WebhookStatsDto> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
    if (from >= to) throw new BadRequestException('from must be before to');
    const provider = query.provider ?? null;
    const [rows, dead, queues] = await Promise.all([
      this.events.figures(from, to, provider),
      this.events.deadLetterCount(provider),
      this.queues.read(),
    ]);
    const figures = rows.map(toFigures);
    const total = figures.find((row) => row.provider === null) ?? emptyFigures();
    return { from, to, total, byProvider: figures.filter((row) => row.provider !== null), deadLetters: dead, queues };
  }
}

function toFigures(row: EventFiguresRow): EventFiguresDto {
  const finished = row.processed + row.dead;
  return {
    provider: row.provider,
    received: row.received,
    processed: row.processed,
    noEffect: row.no_effect,
    dead: row.dead,
    inFlight: row.in_flight,
    failedTries: row.failed_tries,
    successRate: finished === 0 ? null : round(row.processed / finished, 4),
    processingMeanMs: row.mean_ms === null ? null : round(Number(row.mean_ms), 1),
    processingP95Ms: row.p95_ms === null ? null : round(Number(row.p95_ms), 1),
  };
}

function emptyFigures(): EventFiguresDto {
  return toFigures({
    provider: null,
    received: 0,
    processed: 0,
    no_effect: 0,
    dead: 0,
    in_flight: 0,
    failed_tries: 0,
    mean_ms: null,
    p95_ms: null,
  });
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
