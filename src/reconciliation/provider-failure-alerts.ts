import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutbox } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import type { WebhookEvent } from '../webhooks/webhook-event.entity.js';
import { type WebhookHandlerContext, WebhookHandlerRegistry } from '../webhooks/webhook-handler.registry.js';

type AfterCommit = WebhookHandlerContext<object>['afterCommit'];

export const PROVIDER_FAILURES_TEMPLATE = 'ops.provider_failures';

const DEAD_IN_WINDOW = `
  SELECT count(*)::int AS dead FROM webhook_events
  WHERE provider = $1 AND status = 'dead' AND last_failed_at >= now() - make_interval(secs => $2)`;

/**
 * Alerts ops when one provider's events keep dying: FAILURE_ALERT_THRESHOLD
 * dead letters within FAILURE_ALERT_WINDOW_MS. The outbox row's dedupe key
 * names the provider and the window, so a burst alerts once per window, not
 * once per event, whichever replica sees it.
 */
@Injectable()
export class ProviderFailureAlerts implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly outbox: NotificationOutbox,
    private readonly templates: NotificationTemplateRegistry,
    private readonly webhooks: WebhookHandlerRegistry,
  ) {}

  onModuleInit(): void {
    this.templates.register(PROVIDER_FAILURES_TEMPLATE, (p) => ({
      text: `Webhooks from ${p.provider} keep failing: ${p.dead} events dead-lettered in the last ${p.windowMinutes} min. See GET /api/v2/admin/webhook-events?provider=${p.provider}&status=dead`,
    }));
    this.webhooks.onDeadLetter((event: WebhookEvent, manager: EntityManager, afterCommit?: AfterCommit) =>
      this.deadLettered(event, manager, afterCommit),
    );
  }

  /** Without `afterCommit` the row waits for the notifications sweeper. */
  private async deadLettered(event: WebhookEvent, manager: EntityManager, afterCommit?: AfterCommit): Promise<void> {
    const { threshold, windowMs } = this.config.failureAlerts;
    const [{ dead }] = (await manager.query(DEAD_IN_WINDOW, [event.provider, windowMs / 1000])) as Array<{ dead: number }>;
    if (dead < threshold) return;
    const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs).toISOString();
    const ids = await this.outbox.add(manager, [
      {
        sourceKey: `provider-failures:${event.provider}:${windowStart}`,
        channel: NotificationChannel.Slack,
        template: PROVIDER_FAILURES_TEMPLATE,
        payload: { provider: event.provider, dead, windowMinutes: Math.round(windowMs / 60_000) },
      },
    ]);
    if (ids.length > 0) afterCommit?.(() => this.outbox.dispatch(ids));
  }
}
