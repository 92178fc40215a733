import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { OrphanJobSweeper } from '../common/queue/orphan-job-sweeper.js';
import { AppConfig } from '../config/app-config.js';
import { IntegrationDeliveryQueueService } from './integration-delivery-queue.service.js';
import { INTEGRATION_QUEUE } from './integration-delivery-queue.js';
import { IntegrationEventsRepository } from './integration-events.repository.js';
import { parseTryJobId } from '../common/queue/try-job-id.js';

/**
 * Queues the due try of deliveries that have no job in Redis (queueing
 * failed, Redis lost its data, a try's outcome could not be recorded); same
 * SWEEPER_* settings as the inbox's. Its ids are job ids: `<delivery>.<tries>`.
 */
@Injectable()
export class IntegrationDeliverySweeperService extends OrphanJobSweeper {
  protected readonly logger = new Logger(IntegrationDeliverySweeperService.name);
  protected readonly rowsName = 'integration deliveries';

  constructor(
    private readonly repository: IntegrationEventsRepository,
    @InjectQueue(INTEGRATION_QUEUE) queue: Queue,
    private readonly deliveries: IntegrationDeliveryQueueService,
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
    return this.deliveries.enqueue(rowId, attempt);
  }
}
