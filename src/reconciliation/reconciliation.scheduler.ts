import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../config/app-config.js';
import { ReconciliationService } from './reconciliation.service.js';

/** Runs reconciliation every RECONCILIATION_CRON; only where APP_ROLE runs workers. */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReconciliationScheduler.name);
  private job?: CronJob;
  private running: Promise<void> | null = null;

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job = CronJob.from({
      cronTime: this.config.reconciliation.cron,
      onTick: () => this.tick(),
      // A slow run is not overlapped by the next tick of this replica.
      waitForCompletion: true,
      start: true,
    });
    this.scheduler.addCronJob(ReconciliationScheduler.name, this.job);
  }

  /** Stops the schedule and waits for a run under way, before the queues and the database pool close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
    await this.running;
  }

  private tick(): Promise<void> {
    this.running = this.reconciliation
      .run()
      .then(
        () => undefined,
        (error: unknown) => this.logger.error(`reconciliation run failed: ${(error as Error).message}`),
      )
      .finally(() => (this.running = null));
    return this.running;
  }
}
