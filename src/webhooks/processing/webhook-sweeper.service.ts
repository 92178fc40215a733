import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { OrphanJobSweeper } from '../../common/queue/orphan-job-sweeper.js';
import { AppConfig } from '../../config/app-config.js';
import { WebhookEventsRepository } from '../inbox/webhook-events.repository.js';
import { WebhookInboxService } from '../inbox/webhook-inbox.service.js';
import { WEBHOOK_EVENTS_QUEUE } from './webhook-queue.js';

/** Re-queues inbox events that were committed but have no job in Redis. */
@Injectable()
export class WebhookSweeperService extends OrphanJobSweeper {
  protected readonly logger = new Logger(WebhookSweeperService.name);
  protected readonly rowsName = 'inbox event(s)';

  constructor(
    private readonly events: WebhookEventsRepository,
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) queue: Queue,
    private readonly inbox: WebhookInboxService,
    config: AppConfig,
    scheduler: SchedulerRegistry,
  ) {
    super(queue, scheduler, config.sweeper);
  }

  protected unfinishedIds(minAgeMs: number, limit: number): Promise<string[]> {
    return this.events.unfinishedIds(minAgeMs, limit);
  }

  protected enqueue(id: string): Promise<void> {
    return this.inbox.enqueue(id);
  }
}
