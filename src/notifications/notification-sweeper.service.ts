import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { OrphanJobSweeper } from '../common/queue/orphan-job-sweeper.js';
import { AppConfig } from '../config/app-config.js';
import { NotificationQueueService } from './notification-queue.service.js';
import { NOTIFICATIONS_QUEUE } from './notification-queue.js';
import { NotificationsRepository } from './notifications.repository.js';

/** Queues outbox rows that were committed but have no job in Redis; same SWEEPER_* settings as the inbox's. */
@Injectable()
export class NotificationSweeperService extends OrphanJobSweeper {
  protected readonly logger = new Logger(NotificationSweeperService.name);
  protected readonly rowsName = 'notification(s)';

  constructor(
    private readonly outboxRows: NotificationsRepository,
    @InjectQueue(NOTIFICATIONS_QUEUE) queue: Queue,
    private readonly notifications: NotificationQueueService,
    config: AppConfig,
    scheduler: SchedulerRegistry,
  ) {
    super(queue, scheduler, config.sweeper);
  }

  protected unfinishedIds(minAgeMs: number, limit: number): Promise<string[]> {
    return this.outboxRows.unfinishedIds(minAgeMs, limit);
  }

  protected enqueue(id: string): Promise<void> {
    return this.notifications.enqueue(id);
  }
}
