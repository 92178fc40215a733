import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { bindRequestIdToJob } from '../common/logging/job-log-context.js';
import { QueueWorker } from '../common/queue/queue-worker.js';
import { PLACE_SUPPLIER_ORDER_JOB, type PlaceSupplierOrderJob, SUPPLIER_ORDERS_QUEUE } from './supplier-order-placement-queue.js';
import { SupplierOrderPlacementService } from './supplier-order-placement.service.js';

/** Placements are few (one per paid digital order) and each waits on one supplier: a couple at once is plenty. */
const CONCURRENCY = 2;

/** The Bull worker of the supplier-orders queue. */
@Injectable()
export class SupplierOrderPlacementProcessor extends QueueWorker<PlaceSupplierOrderJob> {
  protected readonly logger = new Logger(SupplierOrderPlacementProcessor.name);

  constructor(
    @InjectQueue(SUPPLIER_ORDERS_QUEUE) queue: Queue<PlaceSupplierOrderJob>,
    private readonly placement: SupplierOrderPlacementService,
  ) {
    super(queue, PLACE_SUPPLIER_ORDER_JOB, CONCURRENCY);
  }

  async process(job: Job<PlaceSupplierOrderJob>): Promise<void> {
    const { placementId, attempt, requestId } = job.data;
    bindRequestIdToJob(requestId);
    await this.placement.place(placementId, attempt, requestId);
  }
}
