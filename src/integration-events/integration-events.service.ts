import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import { IntegrationDeliveryQueueService } from './integration-delivery-queue.service.js';
import { COMPLETING_EVENTS, type IntegrationEventType } from './integration-event-types.js';
import { IntegrationEventsRepository } from './integration-events.repository.js';

/** What a handler reports: the type, whose it is, and what a subscriber needs to act on it. */
export interface IntegrationEventInput {
  type: IntegrationEventType;
  /** Our order id; the event's sequence counts the order's events. */
  orderId?: string;
  /** For events of no order (points): whose events the sequence counts, e.g. `user:12345`. */
  subject?: string;
  /** Amounts, ids, items… Never a code, a secret or personal data: it leaves the company. */
  data: Record<string, unknown>;
  /** Written once per subject whatever causes it again (order.completed), rather than once per causing provider event. */
  once?: boolean;
}

/**
 * Writes integration events in the transaction of the domain change they
 * report (an outbox), with one delivery per subscriber that takes the type,
 * queued once the transaction has committed.
 */
@Injectable()
export class IntegrationEventsService {
  constructor(
    private readonly repository: IntegrationEventsRepository,
    private readonly queue: IntegrationDeliveryQueueService,
    private readonly config: AppConfig,
  ) {}

  /** In the handler's transaction; `undefined` (a change no event reports) writes nothing, so a handler makes one call either way. */
  async record(context: WebhookHandlerContext<object>, input: IntegrationEventInput | undefined): Promise<void> {
    if (!input) return;
    await this.write(context, input);
    if (input.orderId !== undefined && COMPLETING_EVENTS.has(input.type))
      await this.recordCompletion(context, input.orderId, input.data, input.type);
  }

  /**
   * order.completed, once per order: a physical order's delivery records it
   * through record(); a digital order's handlers call this when it becomes
   * delivered, paid and with its codes, whichever came last.
   */
  async recordCompletion(
    context: WebhookHandlerContext<object>,
    orderId: string,
    data: Record<string, unknown>,
    completedBy: string,
  ): Promise<void> {
    await this.write(context, { type: 'order.completed', orderId, data: { ...data, completedBy }, once: true });
  }

  private async write(context: WebhookHandlerContext<object>, input: IntegrationEventInput): Promise<void> {
    const { event, manager } = context;
    const subject = input.orderId !== undefined ? `order:${input.orderId}` : input.subject;
    if (!subject) throw new Error(`integration event ${input.type} names neither an order nor a subject`);
    const eventId = await this.repository.insertEvent(manager, {
      dedupeKey: input.once ? `${input.type}:${subject}` : `${event.id}:${input.type}:${subject}`,
      type: input.type,
      subject,
      orderId: input.orderId ?? null,
      data: { ...input.data, sourceEventId: event.id, source: event.provider },
      sourceEventId: event.id,
    });
    if (!eventId) return;
    const subscribers = this.config.integration.subscribers
      .filter((subscriber) => subscriber.events === null || subscriber.events.has(input.type))
      .map((subscriber) => subscriber.name);
    const deliveryIds = await this.repository.insertDeliveries(manager, eventId, subscribers);
    if (deliveryIds.length > 0) context.afterCommit(() => this.queue.enqueueQuietly(deliveryIds));
  }
}
