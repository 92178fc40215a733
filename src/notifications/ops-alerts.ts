import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { type DedupeConflict, type WebhookHandlerContext, WebhookHandlerRegistry } from '../webhooks/webhook-handler.registry.js';
import { maskContacts } from '../common/redaction/mask-contacts.js';
import { messageSafeId } from '../common/validation/message-safe.js';
import { type Notification, NotificationChannel } from './notification.entity.js';
import { NotificationOutboxService } from './notification-outbox.service.js';
import { NotificationTemplateRegistry } from './notification-templates.registry.js';

export const NOTIFICATION_FAILED_TEMPLATE = 'ops.notification_failed';
export const EVENT_DEAD_LETTERED_TEMPLATE = 'ops.event_dead_lettered';
export const DEDUPE_CONFLICT_TEMPLATE = 'ops.webhook_dedupe_conflict';

const MAX_ERROR_IN_ALERT = 500;

/** What the alert about a notification that failed for good renders from. */
interface NotificationFailedAlert {
  notificationId: string;
  template: string;
  channel: string;
  attempts: number;
  error: string;
  windowMinutes: number;
}

/** What the alert about a dead-lettered event renders from. */
interface EventDeadLetteredAlert {
  eventId: string;
  provider: string;
  eventType: string;
  reference: string | null;
  attempts: number;
  error: string;
  windowMinutes: number;
}

/** What the alert about a dedupe key reused with another body renders from. */
interface DedupeConflictAlert {
  eventId: string;
  provider: string;
  eventType: string;
  reference: string | null;
  windowMinutes: number;
}

/** The notifications module's own Slack alerts to ops: a notification that failed, an event dead-lettered, a dedupe conflict. */
@Injectable()
export class OpsAlerts implements OnModuleInit {
  private readonly logger = new Logger(OpsAlerts.name);

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: NotificationOutboxService,
    private readonly templates: NotificationTemplateRegistry,
    private readonly webhooks: WebhookHandlerRegistry,
  ) {}

  onModuleInit(): void {
    this.templates.register<NotificationFailedAlert>(NOTIFICATION_FAILED_TEMPLATE, (p) => ({
      text:
        `Notification ${p.notificationId} (${p.template} by ${p.channel}) failed after ${p.attempts} tries: ${p.error}. ` +
        `Further ${p.channel} failures in this ${p.windowMinutes}-minute window are not alerted one by one.`,
    }));
    this.templates.register<EventDeadLetteredAlert>(EVENT_DEAD_LETTERED_TEMPLATE, (p) => ({
      text:
        `Webhook event ${p.provider}/${p.eventType} (event ${p.eventId}, reference ${p.reference ?? 'none'}) ` +
        `dead-lettered after ${p.attempts} tries: ${p.error}. Further dead letters from ${p.provider} in this ` +
        `${p.windowMinutes}-minute window are not alerted one by one: GET /api/v2/admin/webhook-events?provider=${p.provider}&status=dead`,
    }));
    this.templates.register<DedupeConflictAlert>(DEDUPE_CONFLICT_TEMPLATE, (p) => ({
      text:
        `Webhook ${p.provider}/${p.eventType} came again under the dedupe key of event ${p.eventId} (reference ${p.reference ?? 'none'}) ` +
        `with another body: not applied. Check with the provider which is right. Further conflicts from ${p.provider} in this ` +
        `${p.windowMinutes}-minute window are not alerted one by one: GET /api/v2/admin/webhook-events?provider=${p.provider}&conflicted=true`,
    }));
    this.webhooks.onDeadLetter((event, manager, afterCommit) => this.eventDeadLettered({ event, manager, afterCommit }));
    this.webhooks.onConflict((conflict) => this.dedupeConflict(conflict));
  }

  /** One alert per provider and FAILURE_ALERT_WINDOW_MS, naming the first conflicting event in it, as for dead letters. */
  private async dedupeConflict(conflict: DedupeConflict): Promise<void> {
    const ids = await this.outbox.addOutsideTransaction([
      {
        sourceKey: this.windowKey('dedupe-conflicts', conflict.provider),
        channel: NotificationChannel.Slack,
        template: DEDUPE_CONFLICT_TEMPLATE,
        payload: {
          eventId: conflict.eventId,
          provider: conflict.provider,
          eventType: conflict.eventType,
          reference: messageSafeId(conflict.reference),
          windowMinutes: this.windowMinutes,
        } satisfies DedupeConflictAlert,
      },
    ]);
    if (ids.length > 0) await this.outbox.dispatch(ids);
  }

  /**
   * Writes the alert for a notification that failed for good, in the
   * transaction that marks it failed; returns the ids to queue after commit.
   * One alert per channel and window: an SMTP outage must not flood Slack.
   * A failed Slack message is only logged: the alert would go the same way.
   */
  async notificationFailed(manager: EntityManager, notification: Notification): Promise<string[]> {
    if (notification.channel === NotificationChannel.Slack) {
      this.logger.error(`Slack notification ${notification.id} (${notification.template}) failed for good; no alert sent about it`);
      return [];
    }
    return this.outbox.add(manager, [
      {
        sourceKey: this.windowKey('notification-failures', notification.channel),
        channel: NotificationChannel.Slack,
        template: NOTIFICATION_FAILED_TEMPLATE,
        payload: {
          notificationId: notification.id,
          template: notification.template,
          channel: notification.channel,
          attempts: notification.attempts,
          error: alertable(notification.lastError),
          windowMinutes: this.windowMinutes,
        } satisfies NotificationFailedAlert,
      },
    ]);
  }

  /**
   * One alert per provider and FAILURE_ALERT_WINDOW_MS, naming the first
   * event that died in it: a provider whose events keep failing alerts ops
   * once, not once per event. The window is in the dedupe key, so this holds
   * across replicas.
   */
  private async eventDeadLettered({ event, manager, afterCommit }: WebhookHandlerContext<object>): Promise<void> {
    const ids = await this.outbox.add(manager, [
      {
        sourceKey: this.windowKey('dead-letters', event.provider),
        channel: NotificationChannel.Slack,
        template: EVENT_DEAD_LETTERED_TEMPLATE,
        payload: {
          eventId: event.id,
          provider: event.provider,
          eventType: event.eventType,
          reference: messageSafeId(event.reference),
          attempts: event.attempts,
          error: alertable(event.lastError),
          windowMinutes: this.windowMinutes,
        } satisfies EventDeadLetteredAlert,
      },
    ]);
    if (ids.length > 0) afterCommit(() => this.outbox.dispatch(ids));
  }

  /** Names the FAILURE_ALERT_WINDOW_MS window now running; in a dedupe key it makes an alert once per window, across replicas. */
  private windowKey(kind: string, subject: string): string {
    const { windowMs } = this.config.failureAlerts;
    return `${kind}:${subject}:${new Date(Math.floor(Date.now() / windowMs) * windowMs).toISOString()}`;
  }

  private get windowMinutes(): number {
    return Math.round(this.config.failureAlerts.windowMs / 60_000);
  }
}

function alertable(error: string | null): string {
  return maskContacts((error ?? 'unknown error').slice(0, MAX_ERROR_IN_ALERT));
}
