import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { tryJobId } from '../common/queue/try-job-id.js';
import { withTimeout } from '../common/async/with-timeout.js';
import { jobLogFields, REQUEST_ID_LOG_KEY } from '../common/logging/job-log-context.js';
import { traceCarrier } from '../common/tracing/trace-carrier.js';
import { AppConfig } from '../config/app-config.js';
import { PLACE_SUPPLIER_ORDER_JOB, type PlaceSupplierOrderJob, SUPPLIER_ORDERS_QUEUE } from './supplier-order-placement-queue.js';

/**
 * Queues one try of a placement, delayed until it is due: retries are
 * scheduled by the placement's row, not by Bull, so the sweeper can rebuild
 * any of them from Postgres alone. A try not queued is left to the sweeper.
 */
@Injectable()
export class SupplierOrderPlacementQueueService {
  private readonly logger = new Logger(SupplierOrderPlacementQueueService.name);

  constructor(
    @InjectQueue(SUPPLIER_ORDERS_QUEUE) private readonly queue: Queue<PlaceSupplierOrderJob>,
    private readonly config: AppConfig,
  ) {}

  async enqueue(placementId: string, attempt: number, delayMs = 0): Promise<void> {
    const job: PlaceSupplierOrderJob = { placementId, attempt, requestId: jobLogFields()[REQUEST_ID_LOG_KEY], trace: traceCarrier() };
    await withTimeout(
      this.queue.add(PLACE_SUPPLIER_ORDER_JOB, job, {
        jobId: tryJobId(placementId, attempt),
        delay: Math.max(0, delayMs),
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: true,
      }),
      this.config.redis.enqueueTimeoutMs,
      'queue did not answer in time',
    );
  }

  /** A try of a placement just committed; one not queued is logged and left to the sweeper. */
  async enqueueQuietly(placementId: string, attempt = 0, delayMs = 0): Promise<void> {
    await this.enqueue(placementId, attempt, delayMs).catch((error: Error) =>
      this.logger.warn(`supplier order placement ${placementId} committed but not queued (${error.message}); the sweeper will queue it`),
    );
  }
}
