import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { runInJobLogContext } from '../common/logging/job-log-context.js';
import { AppConfig } from '../config/app-config.js';
import { PermanentWebhookError, WebhookDispatcher } from './webhook-dispatcher.service.js';
import { PROCESS_EVENT_JOB, type ProcessEventJob, WEBHOOK_EVENTS_QUEUE } from './webhook-queue.js';

/**
 * The Bull worker of the inbox queue. Registered only where APP_ROLE runs
 * workers; concurrency comes from configuration, hence queue.process rather
 * than the static @Process decorator.
 */
@Injectable()
export class WebhookEventsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookEventsProcessor.name);

  constructor(
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) private readonly queue: Queue<ProcessEventJob>,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Each job logs in a context of its own, tagged by the dispatcher with the id of the request that brought the event.
    this.queue
      .process(PROCESS_EVENT_JOB, this.config.webhooks.workerConcurrency, (job) => runInJobLogContext(() => this.process(job)))
      .catch((error: Error) => this.logger.error(`inbox worker stopped: ${error.message}`));
  }

  async process(job: Job<ProcessEventJob>): Promise<void> {
    const { eventId } = job.data;
    try {
      await this.dispatcher.dispatch(eventId);
    } catch (error) {
      if (error instanceof PermanentWebhookError) await job.discard();
      const final = error instanceof PermanentWebhookError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.dispatcher.recordFailure(eventId, error, final);
      throw error;
    }
  }
}
