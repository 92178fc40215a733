import { Inject, Injectable, Logger } from '@nestjs/common';
import { OutboundAuditService, type OutboundCall } from '../audit/outbound-audit.service.js';
import { describeFailure } from '../common/queue/describe-failure.js';
import { TransactionsRepository } from '../database/transactions.repository.js';
import { MetricsService } from '../metrics/metrics.service.js';
import {
  NOTIFICATION_CHANNEL_SENDERS,
  type NotificationChannelSender,
  type OutgoingNotification,
} from './channels/notification-channel.js';
import { ChannelRequestError } from './channels/channel-request.error.js';
import { maskContacts } from '../common/redaction/mask-contacts.js';
import { slackSafe } from './channels/slack-text.js';
import { type Notification, NotificationChannel, NotificationStatus } from './notification.entity.js';
import { NotificationOutboxService } from './notification-outbox.service.js';
import { NotificationTemplateRegistry } from './notification-templates.registry.js';
import { NotificationsRepository } from './notifications.repository.js';
import { OpsAlerts } from './ops-alerts.js';

/**
 * Sends one outbox row through its channel, renders it at send time, audits
 * every try, and records the outcome on the row. Only a `pending` row is
 * sent, so a job that runs again after success sends nothing.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);
  private readonly senders: Map<string, NotificationChannelSender>;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly transactions: TransactionsRepository,
    @Inject(NOTIFICATION_CHANNEL_SENDERS) senders: NotificationChannelSender[],
    private readonly templates: NotificationTemplateRegistry,
    private readonly audit: OutboundAuditService,
    private readonly outbox: NotificationOutboxService,
    private readonly opsAlerts: OpsAlerts,
    private readonly metrics: MetricsService,
  ) {
    this.senders = new Map(senders.map((sender) => [sender.channel, sender]));
  }

  /** Throws when the try failed; the caller retries or calls recordFailure. */
  async deliver(id: string, requestId?: string): Promise<void> {
    const notification = await this.notifications.findById(id);
    if (notification?.status !== NotificationStatus.Pending) return;
    const sender = this.senders.get(notification.channel);
    if (!sender) throw new Error(`no channel named ${notification.channel}`);
    if (!sender.configured) return this.skip(notification);
    // Every value a Slack message carries is escaped as it is rendered: provider text cannot mention or link.
    const payload = notification.channel === NotificationChannel.Slack ? slackSafe(notification.payload) : notification.payload;
    const rendered = await this.templates.render(notification.template, payload);
    await this.sendAudited(sender, notification, { recipient: notification.recipient, ...rendered }, requestId);
    await this.notifications.markSent(id);
    this.metrics.notificationSent(notification.channel, 'sent');
  }

  /** Records a failed try; after the last one the row is `failed` and ops are alerted. */
  async recordFailure(id: string, error: unknown, final: boolean): Promise<void> {
    const alertIds = await this.transactions.run(async (manager) => {
      const notification = await this.notifications.lockForUpdate(manager, id);
      if (notification?.status !== NotificationStatus.Pending) return [];
      this.metrics.notificationSent(notification.channel, 'failed');
      notification.attempts += 1;
      notification.lastError = describeError(error);
      if (final) notification.status = NotificationStatus.Failed;
      await this.notifications.save(manager, notification);
      return final ? this.opsAlerts.notificationFailed(manager, notification) : [];
    });
    await this.outbox.dispatch(alertIds);
    const message = `notification ${id} try failed: ${describeError(error)}`;
    if (final) this.logger.error(`${message}; marked failed`);
    else this.logger.warn(`${message}; will retry`);
  }

  private async skip(notification: Notification): Promise<void> {
    await this.notifications.markSkipped(notification.id, `${notification.channel} is not configured`);
    this.metrics.notificationSent(notification.channel, 'skipped');
    this.logger.warn(`notification ${notification.id} (${notification.template}) skipped: ${notification.channel} is not configured`);
  }

  private async sendAudited(
    sender: NotificationChannelSender,
    notification: Notification,
    message: OutgoingNotification,
    requestId: string | undefined,
  ): Promise<void> {
    const started = performance.now();
    const operation = `notification:${notification.template}`;
    const call = { target: sender.target, operation, requestId, payload: { notificationId: notification.id } };
    try {
      const receipt = await sender.send(message);
      await this.record({ ...call, outcome: 'success', httpStatus: receipt.httpStatus, latencyMs: elapsed(started) });
    } catch (error) {
      const httpStatus = error instanceof ChannelRequestError ? error.httpStatus : undefined;
      await this.record({ ...call, outcome: 'failure', httpStatus, latencyMs: elapsed(started), error: describeError(error) });
      throw error;
    }
  }

  /** An audit hiccup must not turn a sent message into a failed one (and a second send). */
  private async record(call: OutboundCall): Promise<void> {
    await this.audit.record(call).catch((error: Error) => this.logger.warn(`outbound call not audited: ${error.message}`));
  }
}

/** Peers echo addresses back in errors (an SMTP 550); the row keeps no more personal data than its recipient. */
function describeError(error: unknown): string {
  return describeFailure(error, maskContacts);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
