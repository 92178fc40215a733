import { Injectable, Logger } from '@nestjs/common';
import { OutboundAuditService } from '../audit/outbound-audit.service.js';
import { describeFailure } from '../common/queue/describe-failure.js';
import { maskContacts } from '../common/redaction/mask-contacts.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionsRepository } from '../database/transactions.repository.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { WEBHOOK_VERIFIERS } from '../webhooks/verification/webhook-verifiers.js';
import { IntegrationAlerts } from './integration-alerts.js';
import { IntegrationDeliveryQueueService } from './integration-delivery-queue.service.js';
import { type IntegrationDelivery, IntegrationDeliveryStatus } from './integration-delivery.entity.js';
import { integrationEventBody } from './integration-event-body.js';
import type { IntegrationEvent } from './integration-event.entity.js';
import { IntegrationEventsRepository, OPEN_STATUSES } from './integration-events.repository.js';
import { nextRetryDelayMs } from './integration-retry-schedule.js';
import type { IntegrationSubscriber } from './integration-subscribers.js';

const GONE = 410;
/** How long a try waits when its subscriber has INTEGRATION_MAX_IN_FLIGHT_PER_SUBSCRIBER tries running here. */
const DEFER_MS = 1_000;
const SIGNER = WEBHOOK_VERIFIERS.get('standard-webhooks')!;

/** How one try ended: the subscriber's status when it answered, the error when it did not answer 2xx. */
interface TryOutcome {
  httpStatus?: number;
  error?: string;
  latencyMs: number;
}

/**
 * Makes one try of one delivery: a Standard Webhooks request signed with
 * the subscriber's secret, `webhook-id` the event's id on every try. 2xx is
 * sent; 410 Gone disables the subscriber (persisted) and alerts ops; any
 * other answer, a redirect, a timeout or no answer is a failed try, retried
 * on INTEGRATION_RETRY_DELAYS_MS with jitter until the delivery is dead.
 * Every try is audited and counted per subscriber.
 */
@Injectable()
export class IntegrationDeliveryService {
  private readonly logger = new Logger(IntegrationDeliveryService.name);
  /** Tries running in this replica, per subscriber. */
  private readonly inFlight = new Map<string, number>();
  private deferrals = 0;

  constructor(
    private readonly repository: IntegrationEventsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly queue: IntegrationDeliveryQueueService,
    private readonly alerts: IntegrationAlerts,
    private readonly outbox: NotificationOutboxService,
    private readonly audit: OutboundAuditService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /** Throws only when the outcome could not be recorded; the sweeper then queues the try again. */
  async deliver(deliveryId: string, attempt: number, requestId?: string): Promise<void> {
    const found = await this.repository.findWithEvent(deliveryId);
    if (!found) return;
    const { delivery, event } = found;
    if (!OPEN_STATUSES.includes(delivery.status) || delivery.attempts !== attempt) return;
    const subscriber = this.config.integration.subscribers.find((candidate) => candidate.name === delivery.subscriber);
    if (!subscriber) return this.bury(deliveryId, attempt, `subscriber ${delivery.subscriber} is no longer in INTEGRATION_SUBSCRIBERS`);
    if (await this.repository.disabledAt(subscriber.name)) {
      return this.bury(deliveryId, attempt, `subscriber ${subscriber.name} is disabled (it answered 410 Gone)`);
    }

    const running = this.inFlight.get(subscriber.name) ?? 0;
    if (running >= this.config.integration.maxInFlightPerSubscriber) return this.defer(deliveryId, attempt);
    this.inFlight.set(subscriber.name, running + 1);
    let outcome: TryOutcome;
    try {
      outcome = await this.send(subscriber, event, delivery, requestId);
    } finally {
      this.inFlight.set(subscriber.name, (this.inFlight.get(subscriber.name) ?? 1) - 1);
    }
    this.metrics.integrationDeliveryTry(subscriber.name, outcome.error === undefined ? 'sent' : 'failed', outcome.latencyMs);
    if (outcome.error === undefined) {
      await this.repository.markSent(deliveryId, attempt, outcome.httpStatus!);
    } else if (outcome.httpStatus === GONE) {
      await this.disableSubscriber(delivery, event, attempt);
    } else {
      await this.recordFailure(deliveryId, event.type, attempt, outcome);
    }
  }

  private async send(
    subscriber: IntegrationSubscriber,
    event: IntegrationEvent,
    delivery: IntegrationDelivery,
    requestId: string | undefined,
  ): Promise<TryOutcome> {
    const body = Buffer.from(JSON.stringify(integrationEventBody(event)));
    const headers = SIGNER.sign(body, subscriber.secret, { id: event.id, nowMs: Date.now() });
    const started = performance.now();
    let outcome: TryOutcome;
    try {
      const response = await fetch(subscriber.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'ecommerce-webhooks-integration/1', ...headers },
        body,
        // A redirect is not a delivery: the subscriber must give the URL it answers on.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.integration.sendTimeoutMs),
      });
      await response.body?.cancel();
      const ok = response.status >= 200 && response.status < 300;
      outcome = { httpStatus: response.status, latencyMs: elapsed(started), error: ok ? undefined : `HTTP ${response.status}` };
    } catch (error) {
      outcome = { latencyMs: elapsed(started), error: describeFailure(error, maskContacts) };
    }
    await this.audit
      .record({
        target: `integration:${subscriber.name}`,
        operation: `POST ${event.type}`,
        outcome: outcome.error === undefined ? 'success' : 'failure',
        httpStatus: outcome.httpStatus,
        latencyMs: outcome.latencyMs,
        requestId,
        payload: { deliveryId: delivery.id, eventId: event.id, type: event.type, orderId: event.orderId, attempt: delivery.attempts + 1 },
        error: outcome.error,
      })
      .catch((error: Error) => this.logger.warn(`outbound call not audited: ${error.message}`));
    return outcome;
  }

  private async recordFailure(deliveryId: string, eventType: string, attempt: number, outcome: TryOutcome): Promise<void> {
    const { retryDelaysMs, retryJitter } = this.config.integration;
    const result = await this.transactions.run(async (manager) => {
      const delivery = await this.repository.lockDelivery(manager, deliveryId);
      if (!delivery || !OPEN_STATUSES.includes(delivery.status) || delivery.attempts !== attempt) return undefined;
      delivery.attempts = attempt + 1;
      delivery.lastError = outcome.error ?? null;
      delivery.lastHttpStatus = outcome.httpStatus ?? null;
      const delayMs = nextRetryDelayMs(delivery.attempts, retryDelaysMs, retryJitter);
      if (delayMs === undefined) {
        delivery.status = IntegrationDeliveryStatus.Dead;
        delivery.deadAt = new Date();
        await this.repository.saveDelivery(manager, delivery);
        const alertIds = await this.alerts.deliveryDead(manager, {
          subscriber: delivery.subscriber,
          deliveryId,
          eventType,
          attempts: delivery.attempts,
          error: delivery.lastError ?? 'unknown error',
        });
        return { delivery, alertIds };
      }
      delivery.status = IntegrationDeliveryStatus.Failed;
      delivery.nextAttemptAt = new Date(Date.now() + delayMs);
      await this.repository.saveDelivery(manager, delivery);
      return { delivery, delayMs };
    });
    if (!result) return;
    const { delivery } = result;
    if ('delayMs' in result) {
      this.logger.warn(
        `integration delivery ${deliveryId} to ${delivery.subscriber} failed (${outcome.error}); retry in ${result.delayMs} ms`,
      );
      await this.queue.enqueueQuietly([deliveryId], delivery.attempts, result.delayMs);
      return;
    }
    this.metrics.integrationDeliveryDead(delivery.subscriber);
    this.logger.error(
      `integration delivery ${deliveryId} to ${delivery.subscriber} dead after ${delivery.attempts} tries (${outcome.error})`,
    );
    await this.outbox.dispatch(result.alertIds);
  }

  /** 410 Gone: the subscriber asks for nothing more. It is disabled for every replica until an operator enables it. */
  private async disableSubscriber(delivery: IntegrationDelivery, event: IntegrationEvent, attempt: number): Promise<void> {
    const alertIds = await this.transactions.run(async (manager) => {
      const locked = await this.repository.lockDelivery(manager, delivery.id);
      if (!locked || !OPEN_STATUSES.includes(locked.status) || locked.attempts !== attempt) return [];
      Object.assign(locked, {
        attempts: attempt + 1,
        status: IntegrationDeliveryStatus.Dead,
        deadAt: new Date(),
        lastHttpStatus: GONE,
        lastError: 'HTTP 410 Gone: subscriber disabled',
      });
      await this.repository.saveDelivery(manager, locked);
      const now = new Date();
      const disabled = await this.repository.disable(manager, locked.subscriber, `answered 410 Gone to delivery ${locked.id}`, now);
      if (!disabled) return [];
      return this.alerts.subscriberDisabled(manager, { subscriber: locked.subscriber, deliveryId: locked.id, eventType: event.type }, now);
    });
    this.metrics.integrationDeliveryDead(delivery.subscriber);
    this.logger.error(`integration subscriber ${delivery.subscriber} answered 410 Gone: disabled until an operator enables it`);
    await this.outbox.dispatch(alertIds);
  }

  /**
   * The subscriber has as many tries running here as it may: this one waits
   * (no try counted) rather than take a worker slot the other subscribers need.
   */
  private async defer(deliveryId: string, attempt: number): Promise<void> {
    const delayMs = Math.round(DEFER_MS * (0.5 + Math.random()));
    if (!(await this.repository.postpone(deliveryId, attempt, new Date(Date.now() + delayMs)))) return;
    this.deferrals += 1;
    await this.queue.enqueue(deliveryId, attempt, delayMs, this.deferrals);
  }

  /** No try is made: the delivery is dead for the reason given, replayable once the reason is gone. */
  private async bury(deliveryId: string, attempt: number, reason: string): Promise<void> {
    const subscriber = await this.transactions.run(async (manager) => {
      const delivery = await this.repository.lockDelivery(manager, deliveryId);
      if (!delivery || !OPEN_STATUSES.includes(delivery.status) || delivery.attempts !== attempt) return undefined;
      Object.assign(delivery, { status: IntegrationDeliveryStatus.Dead, deadAt: new Date(), lastError: reason });
      await this.repository.saveDelivery(manager, delivery);
      return delivery.subscriber;
    });
    if (subscriber === undefined) return;
    this.metrics.integrationDeliveryDead(subscriber);
    this.logger.warn(`integration delivery ${deliveryId} not sent: ${reason}`);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
