import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../config/app-config.js';
import { ReconciliationService } from './reconciliation.service.js';

/** Runs reconciliation every RECONCILIATION_CRON; only where APP_ROLE runs workers. */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReconciliationScheduler.name);

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.reconciliation.cron,
      onTick: () => this.tick(),
      // A slow run is not overlapped by the next tick of this replica.
      waitForCompletion: true,
      start: true,
    });
    this.scheduler.addCronJob(ReconciliationScheduler.name, job);
  }

  private async tick(): Promise<void> {
    try {
      await this.reconciliation.run();
    } catch (error) {
      this.logger.error(`reconciliation run failed: ${(error as Error).message}`);
    }
  }
}
