import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '../common/async/with-timeout.js';
import { jobLogFields, REQUEST_ID_LOG_KEY } from '../common/logging/job-log-context.js';
import { traceCarrier } from '../common/tracing/trace-carrier.js';
import { AppConfig } from '../config/app-config.js';
import { DELIVER_INTEGRATION_EVENT_JOB, type DeliverIntegrationEventJob, INTEGRATION_QUEUE } from './integration-delivery-queue.js';
import { tryJobId } from '../common/queue/try-job-id.js';

/**
 * Queues one try of a delivery. Each try is a job of its own (id
 * `<delivery>.<tries before it>`), delayed until it is due: retries are
 * scheduled by the delivery's row, not by Bull, so the sweeper can rebuild
 * any of them from Postgres alone. A try not queued is left to the sweeper.
 */
@Injectable()
export class IntegrationDeliveryQueueService {
  private readonly logger = new Logger(IntegrationDeliveryQueueService.name);

  constructor(
    @InjectQueue(INTEGRATION_QUEUE) private readonly queue: Queue<DeliverIntegrationEventJob>,
    private readonly config: AppConfig,
  ) {}

  /** `deferral` names a try put off while its own job still runs (a job id Bull holds cannot be added again). */
  async enqueue(deliveryId: string, attempt: number, delayMs = 0, deferral?: number): Promise<void> {
    const job: DeliverIntegrationEventJob = { deliveryId, attempt, requestId: jobLogFields()[REQUEST_ID_LOG_KEY], trace: traceCarrier() };
    await withTimeout(
      this.queue.add(DELIVER_INTEGRATION_EVENT_JOB, job, {
        jobId: deferral === undefined ? tryJobId(deliveryId, attempt) : `${tryJobId(deliveryId, attempt)}.${deferral}`,
        delay: Math.max(0, delayMs),
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: true,
      }),
      this.config.redis.enqueueTimeoutMs,
      'queue did not answer in time',
    );
  }

  /** First tries of deliveries just committed; one not queued is logged and left to the sweeper. */
  async enqueueQuietly(deliveryIds: string[], attempt = 0, delayMs = 0): Promise<void> {
    for (const id of deliveryIds) {
      await this.enqueue(id, attempt, delayMs).catch((error: Error) =>
        this.logger.warn(`integration delivery ${id} committed but not queued (${error.message}); the sweeper will queue it`),
      );
    }
  }
}
