import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QueueDepthReader } from '../metrics/queue-depth.reader.js';
import type { StatsQueryDto } from './dto/stats-query.dto.js';
import type { EventFiguresDto, WebhookStatsDto } from './dto/webhook-stats.dto.js';

const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

// ROLLUP adds the all-providers row (provider NULL) to the per-provider ones.
const FIGURES = `
  SELECT provider,
    count(*)::int AS received,
    count(*) FILTER (WHERE status = 'processed')::int AS processed,
    count(*) FILTER (WHERE status = 'processed' AND outcome = 'no_effect')::int AS no_effect,
    count(*) FILTER (WHERE status = 'dead')::int AS dead,
    count(*) FILTER (WHERE status IN ('pending', 'retrying'))::int AS in_flight,
    coalesce(sum(CASE WHEN status = 'processed' THEN greatest(attempts - 1, 0) ELSE attempts END), 0)::int AS failed_tries,
    avg(extract(epoch FROM processed_at - received_at) * 1000) FILTER (WHERE status = 'processed') AS mean_ms,
    percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at) * 1000)
      FILTER (WHERE status = 'processed') AS p95_ms
  FROM webhook_events
  WHERE received_at >= $1 AND received_at < $2 AND ($3::varchar IS NULL OR provider = $3)
  GROUP BY ROLLUP (provider)
  ORDER BY provider NULLS FIRST`;

const DEAD_LETTERS = "SELECT count(*)::int AS dead FROM webhook_events WHERE status = 'dead' AND ($1::varchar IS NULL OR provider = $1)";

interface FiguresRow {
  provider: string | null;
  received: number;
  processed: number;
  no_effect: number;
  dead: number;
  in_flight: number;
  failed_tries: number;
  mean_ms: string | number | null;
  p95_ms: string | number | null;
}

/** The seed's monitoring figures over a time window: success rate, processing time, failures, queue depth. */
@Injectable()
export class WebhookStatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueDepthReader,
  ) {}

  async stats(query: StatsQueryDto): Promise<WebhookStatsDto> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
    if (from >= to) throw new BadRequestException('from must be before to');
    const provider = query.provider ?? null;
    const [rows, [{ dead }], queues] = await Promise.all([
      this.dataSource.query(FIGURES, [from, to, provider]) as Promise<FiguresRow[]>,
      this.dataSource.query(DEAD_LETTERS, [provider]) as Promise<Array<{ dead: number }>>,
      this.queues.read(),
    ]);
    const figures = rows.map(toFigures);
    const total = figures.find((row) => row.provider === null) ?? emptyFigures();
    return { from, to, total, byProvider: figures.filter((row) => row.provider !== null), deadLetters: dead, queues };
  }
}

function toFigures(row: FiguresRow): EventFiguresDto {
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
  return toFigures({ provider: null, received: 0, processed: 0, no_effect: 0, dead: 0, in_flight: 0, failed_tries: 0, mean_ms: null, p95_ms: null });
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
