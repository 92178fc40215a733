import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { bindRequestIdToJob } from '../common/logging/job-log-context.js';
import { QueueWorker } from '../common/queue/queue-worker.js';
import { AppConfig } from '../config/app-config.js';
import { DELIVER_INTEGRATION_EVENT_JOB, type DeliverIntegrationEventJob, INTEGRATION_QUEUE } from './integration-delivery-queue.js';
import { IntegrationDeliveryService } from './integration-delivery.service.js';

/** The Bull worker of the integration queue (INTEGRATION_WORKER_CONCURRENCY tries at once, of any subscribers). */
@Injectable()
export class IntegrationDeliveryProcessor extends QueueWorker<DeliverIntegrationEventJob> {
  protected readonly logger = new Logger(IntegrationDeliveryProcessor.name);

  constructor(
    @InjectQueue(INTEGRATION_QUEUE) queue: Queue<DeliverIntegrationEventJob>,
    private readonly delivery: IntegrationDeliveryService,
    config: AppConfig,
  ) {
    super(queue, DELIVER_INTEGRATION_EVENT_JOB, config.integration.workerConcurrency);
  }

  async process(job: Job<DeliverIntegrationEventJob>): Promise<void> {
    const { deliveryId, attempt, requestId } = job.data;
    bindRequestIdToJob(requestId);
    await this.delivery.deliver(deliveryId, attempt, requestId);
  }
}
