import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { isLastAttempt, QueueWorker } from '../../common/queue/queue-worker.js';
import { AppConfig } from '../../config/app-config.js';
import { WebhookDispatcherService } from './webhook-dispatcher.service.js';
import { PermanentWebhookError } from './permanent-webhook.error.js';
import { PROCESS_EVENT_JOB, type ProcessEventJob, WEBHOOK_EVENTS_QUEUE } from './webhook-queue.js';

/**
 * The Bull worker of the inbox queue. The dispatcher tags each job's log
 * lines with the id of the request that brought the event.
 */
@Injectable()
export class WebhookEventsProcessor extends QueueWorker<ProcessEventJob> {
  protected readonly logger = new Logger(WebhookEventsProcessor.name);

  constructor(
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) queue: Queue<ProcessEventJob>,
    private readonly dispatcher: WebhookDispatcherService,
    config: AppConfig,
  ) {
    super(queue, PROCESS_EVENT_JOB, config.webhooks.workerConcurrency);
  }

  async process(job: Job<ProcessEventJob>): Promise<void> {
    const { eventId } = job.data;
    try {
      await this.dispatcher.dispatch(eventId);
    } catch (error) {
      if (error instanceof PermanentWebhookError) await job.discard();
      const final = error instanceof PermanentWebhookError || isLastAttempt(job);
      await this.dispatcher.recordFailure(eventId, error, final);
      throw error;
    }
  }
}
