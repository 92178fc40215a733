import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import { NotificationChannel } from './notification.entity.js';
import { NotificationQueueService } from './notification-queue.service.js';
import { NotificationsRepository } from './notifications.repository.js';

export interface OutboxMessage {
  /** What caused it, e.g. the webhook event id; with channel and template it makes the dedupe key. */
  sourceKey: string;
  channel: NotificationChannel;
  template: string;
  /** E-mail address or phone number; omit for ops Slack alerts. A customer message without one is not written. */
  recipient?: string | null;
  payload?: Record<string, unknown>;
}

/** The outbox row's unique key: one row per (source, channel, template), so a replayed source never notifies twice. */
export function outboxDedupeKey(sourceKey: string, channel: NotificationChannel, template: string): string {
  return `${sourceKey}:${channel}:${template}`;
}

/**
 * Writes notifications in the caller's transaction (the outbox). Handlers
 * never send anything themselves.
 */
@Injectable()
export class NotificationOutboxService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly queue: NotificationQueueService,
  ) {}

  /** Returns the ids of the rows written; a message already in the outbox is not written again. */
  add(manager: EntityManager, messages: OutboxMessage[]): Promise<string[]> {
    return this.write(manager, messages);
  }

  /**
   * As add, for a writer with no transaction of its own (the supplier's SLA
   * alerts): each row commits as it is written.
   */
  addOutsideTransaction(messages: OutboxMessage[]): Promise<string[]> {
    return this.write(null, messages);
  }

  /** For webhook handlers: writes in the event's transaction, queues after it commits. */
  async addForEvent(context: WebhookHandlerContext<object>, messages: Array<Omit<OutboxMessage, 'sourceKey'>>): Promise<void> {
    const ids = await this.add(
      context.manager,
      messages.map((message) => ({ ...message, sourceKey: context.event.id })),
    );
    if (ids.length > 0) context.afterCommit(() => this.queue.enqueueQuietly(ids));
  }

  /** Queues rows already committed. */
  dispatch(ids: string[]): Promise<void> {
    return this.queue.enqueueQuietly(ids);
  }

  private async write(manager: EntityManager | null, messages: OutboxMessage[]): Promise<string[]> {
    const ids: string[] = [];
    for (const message of messages) {
      if (message.channel !== NotificationChannel.Slack && !message.recipient) continue;
      const id = await this.notifications.insertIfNew(manager, {
        dedupeKey: outboxDedupeKey(message.sourceKey, message.channel, message.template),
        channel: message.channel,
        template: message.template,
        recipient: message.recipient ?? null,
        payload: message.payload ?? {},
      });
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }
}
