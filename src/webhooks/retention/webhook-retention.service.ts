import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { inBatches, ScheduledPurge } from '../../common/retention/scheduled-purge.js';
import { AppConfig } from '../../config/app-config.js';
import { RunLock, RunLocksRepository } from '../../database/run-locks.repository.js';
import { MetricsService, type WebhookPurgeKind } from '../../metrics/metrics.service.js';
import { emptiesPayloadsFirst, retentionAges } from './webhook-retention.js';
import { WebhookRetentionRepository } from './webhook-retention.repository.js';

/** What one purge did; all zero when it ran nothing (another replica held the lock). */
export interface WebhookPurgeCounts {
  /** Rows (with their dedupe keys) deleted. */
  deleted: number;
  /** Payloads emptied on rows kept for their dedupe keys. */
  payloadsEmptied: number;
}

const NOTHING: WebhookPurgeCounts = { deleted: 0, payloadsEmptied: 0 };

/**
 * Purges processed and ignored inbox events past WEBHOOK_RETENTION_DAYS every
 * WEBHOOK_PURGE_INTERVAL_MS, in batches of WEBHOOK_PURGE_BATCH_SIZE rows, one
 * replica at a time (an advisory lock: the replicas that miss it skip the run).
 * Dedupe keys stay DEDUPE_KEY_DAYS at least, so under that retention the
 * payload goes first and the row later. Dead, pending and retrying events are
 * never purged: they wait for a replay or an operator.
 */
@Injectable()
export class WebhookRetentionService extends ScheduledPurge<WebhookPurgeCounts> {
  protected readonly logger = new Logger(WebhookRetentionService.name);

  constructor(
    private readonly retention: WebhookRetentionRepository,
    private readonly locks: RunLocksRepository,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    scheduler: SchedulerRegistry,
  ) {
    super(scheduler, config.webhookRetention.purgeIntervalMs, NOTHING);
  }

  protected async run(): Promise<WebhookPurgeCounts> {
    const run = await this.locks.withRunLock(RunLock.WebhookRetention, () => this.purgeExpired());
    if (run.locked) return run.result;
    this.logger.log('inbox purge skipped: another replica is running it');
    return NOTHING;
  }

  private async purgeExpired(): Promise<WebhookPurgeCounts> {
    const { retentionDays } = this.config.webhookRetention;
    const ages = retentionAges(retentionDays);
    // Rows first: payloads of rows about to go are not emptied for nothing.
    const deleted = await this.inBatches('deleted', (limit) => this.retention.deleteFinished(ages.rowDays, limit));
    const emptying = emptiesPayloadsFirst(ages);
    const payloadsEmptied = emptying
      ? await this.inBatches('payload_emptied', (limit) => this.retention.emptyPayloads(ages.payloadDays, limit))
      : 0;
    this.logger.log(
      `inbox purge: ${deleted} processed or ignored event(s) older than ${ages.rowDays} days deleted` +
        (emptying ? `, ${payloadsEmptied} payload(s) older than ${ages.payloadDays} days emptied` : ''),
    );
    return { deleted, payloadsEmptied };
  }

  private inBatches(kind: WebhookPurgeKind, step: (limit: number) => Promise<number>): Promise<number> {
    return inBatches(this.config.webhookRetention.purgeBatchSize, step, (count) => this.metrics.webhookEventsPurged(kind, count));
  }
}
