import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';
import { OrphanJobSweeper } from '../common/queue/orphan-job-sweeper.js';
import { AppConfig } from '../config/app-config.js';
import { NotificationQueueService } from './notification-queue.service.js';
import { NOTIFICATIONS_QUEUE } from './notification-queue.js';

/** Queues outbox rows that were committed but have no job in Redis; same SWEEPER_* settings as the inbox's. */
@Injectable()
export class NotificationSweeperService extends OrphanJobSweeper {
  protected readonly logger = new Logger(NotificationSweeperService.name);
  protected readonly rowsName = 'notification(s)';
  protected readonly unfinishedRowsSql = `
    SELECT id FROM notifications
    WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
    ORDER BY created_at
    LIMIT $2`;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @InjectQueue(NOTIFICATIONS_QUEUE) queue: Queue,
    private readonly notifications: NotificationQueueService,
    config: AppConfig,
    scheduler: SchedulerRegistry,
  ) {
    super(dataSource, queue, scheduler, config.sweeper);
  }

  protected enqueue(id: string): Promise<void> {
    return this.notifications.enqueue(id);
  }
}
