import { PermanentWebhookError } from './permanent-webhook.error.js';
import { Injectable, Logger } from '@nestjs/common';
import { bindRequestIdToJob } from '../../common/logging/job-log-context.js';
import { describeFailure } from '../../common/queue/describe-failure.js';
import { tagWebhookSpan } from '../../common/tracing/trace-carrier.js';
import { TransactionsRepository } from '../../database/transactions.repository.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { type WebhookEvent, WebhookEventOutcome, WebhookEventStatus } from '../inbox/webhook-event.entity.js';
import { WebhookEventsRepository } from '../inbox/webhook-events.repository.js';
import { WebhookHandlerRegistry } from '../webhook-handler.registry.js';

/**
 * Runs one inbox event through its domain handler. The handler's writes and
 * the event's `processed` mark commit together, so an event is applied
 * exactly once however often its job runs.
 */
@Injectable()
export class WebhookDispatcherService {
  private readonly logger = new Logger(WebhookDispatcherService.name);

  constructor(
    private readonly transactions: TransactionsRepository,
    private readonly events: WebhookEventsRepository,
    private readonly registry: WebhookHandlerRegistry,
    private readonly metrics: MetricsService,
  ) {}

  async dispatch(eventId: string): Promise<void> {
    const afterCommit: Array<() => Promise<unknown>> = [];
    let done: string | undefined;
    await this.transactions.run(async (manager) => {
      const event = await this.events.lockForUpdate(manager, eventId);
      bindRequestIdToJob(event?.requestId);
      if (event) tagWebhookSpan({ ...event, eventId });
      if (!event || isFinished(event)) return;
      const handler = this.registry.resolve(event.provider, event.eventType);
      if (!handler) throw new PermanentWebhookError(`no handler for ${event.provider}/${event.eventType}`);
      const result = await handler({ event, manager, afterCommit: (task) => afterCommit.push(task) });
      if (event.processedAt && result.outcome === WebhookEventOutcome.NoEffect) {
        // A replay of an event processed before that found nothing to do: its record (what it
        // did, when, after how many tries) stands, so the stats count no phantom try or delay.
        await this.events.markProcessedAgain(manager, eventId);
        this.metrics.eventProcessed(event.provider, event.eventType, result.outcome);
        this.logger.log(`replay of event ${eventId} had no effect: ${result.note}`);
        return;
      }
      await this.events.markProcessed(manager, eventId, {
        outcome: result.outcome,
        note: result.note ?? null,
        attempts: event.attempts + 1,
        processedAt: new Date(),
      });
      this.metrics.eventProcessed(event.provider, event.eventType, result.outcome, event.receivedAt);
      done = `${event.provider}/${event.eventType} event ${eventId}: ${result.outcome}${result.note ? ` (${result.note})` : ''}`;
    });
    // Once committed: one line per event applied (or found to have no effect).
    if (done) this.logger.log(done);
    await this.runAfterCommit(eventId, afterCommit);
  }

  /** Records a failed try; on the last one the event is dead and the dead-letter listeners run. */
  async recordFailure(eventId: string, error: unknown, final: boolean): Promise<void> {
    const lastError = describeFailure(error);
    const afterCommit: Array<() => Promise<unknown>> = [];
    let what = 'event';
    await this.transactions.run(async (manager) => {
      const event = await this.events.lockForUpdate(manager, eventId);
      if (!event || isFinished(event)) return;
      what = `${event.provider}/${event.eventType} event`;
      event.attempts += 1;
      event.lastError = lastError;
      event.lastFailedAt = new Date();
      event.status = final ? WebhookEventStatus.Dead : WebhookEventStatus.Retrying;
      await this.events.save(manager, event);
      this.metrics.eventProcessed(event.provider, event.eventType, final ? 'dead' : 'failed');
      if (final) await this.registry.notifyDeadLetter(event, manager, (task) => afterCommit.push(task));
    });
    await this.runAfterCommit(eventId, afterCommit);
    const message = `${what} ${eventId} try failed: ${lastError}`;
    if (final) this.logger.error(`${message}; dead-lettered`);
    else this.logger.warn(`${message}; will retry`);
  }

  private async runAfterCommit(eventId: string, tasks: Array<() => Promise<unknown>>): Promise<void> {
    for (const task of tasks) {
      // The commit stands; what follows is recoverable by the sweepers.
      await task().catch((error: Error) => this.logger.warn(`after-commit task of event ${eventId} failed: ${error.message}`));
    }
  }
}

/**
 * Processed, or dead: a job that still reaches a dead event is stale (the sweeper
 * listed it as retrying just before its last try failed). Only a replay, which
 * sets the event back to pending first, runs a dead event again.
 */
function isFinished(event: WebhookEvent): boolean {
  return event.status === WebhookEventStatus.Processed || event.status === WebhookEventStatus.Dead;
}
