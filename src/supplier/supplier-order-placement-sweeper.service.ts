import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { OrphanJobSweeper } from '../common/queue/orphan-job-sweeper.js';
import { AppConfig } from '../config/app-config.js';
import { SupplierOrderPlacementQueueService } from './supplier-order-placement-queue.service.js';
import { SUPPLIER_ORDERS_QUEUE } from './supplier-order-placement-queue.js';
import { parseTryJobId } from '../common/queue/try-job-id.js';
import { SupplierOrderPlacementsRepository } from './supplier-order-placements.repository.js';

/**
 * Queues the due try of placements that have no job in Redis (queueing
 * failed, Redis lost its data, a try's outcome could not be recorded); same
 * SWEEPER_* settings as the inbox's.
 */
@Injectable()
export class SupplierOrderPlacementSweeperService extends OrphanJobSweeper {
  protected readonly logger = new Logger(SupplierOrderPlacementSweeperService.name);
  protected readonly rowsName = 'supplier order placements';

  constructor(
    private readonly repository: SupplierOrderPlacementsRepository,
    @InjectQueue(SUPPLIER_ORDERS_QUEUE) queue: Queue,
    private readonly placements: SupplierOrderPlacementQueueService,
    config: AppConfig,
    scheduler: SchedulerRegistry,
  ) {
    super(queue, scheduler, config.sweeper);
  }

  protected unfinishedIds(minAgeMs: number, limit: number): Promise<string[]> {
    return this.repository.orphanJobIds(minAgeMs, limit);
  }

  protected enqueue(jobId: string): Promise<void> {
    const { rowId, attempt } = parseTryJobId(jobId);
    return this.placements.enqueue(rowId, attempt);
  }
}
