import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';
import { OrphanJobSweeper } from '../../common/queue/orphan-job-sweeper.js';
import { AppConfig } from '../../config/app-config.js';
import { WebhookInboxService } from '../inbox/webhook-inbox.service.js';
import { WEBHOOK_EVENTS_QUEUE } from './webhook-queue.js';

/** Re-queues inbox events that were committed but have no job in Redis. */
@Injectable()
export class WebhookSweeperService extends OrphanJobSweeper {
  protected readonly logger = new Logger(WebhookSweeperService.name);
  protected readonly rowsName = 'inbox event(s)';
  protected readonly unfinishedRowsSql = `
    SELECT id FROM webhook_events
    WHERE status IN ('pending', 'retrying') AND received_at < now() - make_interval(secs => $1)
    ORDER BY received_at
    LIMIT $2`;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) queue: Queue,
    private readonly inbox: WebhookInboxService,
    config: AppConfig,
    scheduler: SchedulerRegistry,
  ) {
    super(dataSource, queue, scheduler, config.sweeper);
  }

  protected enqueue(id: string): Promise<void> {
    return this.inbox.enqueue(id);
  }
}
