import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { maskContacts } from '../common/redaction/mask-contacts.js';
import { AppConfig } from '../config/app-config.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';

export const SUBSCRIBER_DISABLED_TEMPLATE = 'ops.integration_subscriber_disabled';
export const DELIVERY_DEAD_TEMPLATE = 'ops.integration_delivery_dead';

const MAX_ERROR_IN_ALERT = 300;

interface SubscriberDisabledAlert {
  subscriber: string;
  deliveryId: string;
  eventType: string;
}

interface DeliveryDeadAlert {
  subscriber: string;
  deliveryId: string;
  eventType: string;
  attempts: number;
  error: string;
  windowMinutes: number;
}

/** Slack alerts to ops about integration subscribers, through the notifications outbox, in the caller's transaction. */
@Injectable()
export class IntegrationAlerts implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly outbox: NotificationOutboxService,
    private readonly templates: NotificationTemplateRegistry,
  ) {}

  onModuleInit(): void {
    this.templates.register<SubscriberDisabledAlert>(SUBSCRIBER_DISABLED_TEMPLATE, (p) => ({
      text:
        `Integration subscriber ${p.subscriber} answered 410 Gone to ${p.eventType} (delivery ${p.deliveryId}) and is now disabled: ` +
        `nothing more is sent to it. Once it is back: POST /api/v2/admin/integration-subscribers/${p.subscriber}/enable, ` +
        `then replay its dead deliveries (GET /api/v2/admin/integration-deliveries?subscriber=${p.subscriber}&status=dead).`,
    }));
    this.templates.register<DeliveryDeadAlert>(DELIVERY_DEAD_TEMPLATE, (p) => ({
      text:
        `Integration event ${p.eventType} (delivery ${p.deliveryId}) could not be delivered to ${p.subscriber} after ${p.attempts} tries: ` +
        `${p.error}. Further dead deliveries to ${p.subscriber} in this ${p.windowMinutes}-minute window are not alerted one by one: ` +
        `GET /api/v2/admin/integration-deliveries?subscriber=${p.subscriber}&status=dead`,
    }));
  }

  /** Once per disabling: its time is in the dedupe key. Returns the outbox ids to queue after commit. */
  subscriberDisabled(manager: EntityManager, alert: SubscriberDisabledAlert, disabledAt: Date): Promise<string[]> {
    return this.outbox.add(manager, [
      {
        sourceKey: `integration-disabled:${alert.subscriber}:${disabledAt.toISOString()}`,
        channel: NotificationChannel.Slack,
        template: SUBSCRIBER_DISABLED_TEMPLATE,
        payload: { ...alert },
      },
    ]);
  }

  /** Once per subscriber and FAILURE_ALERT_WINDOW_MS window (the window is in the dedupe key, so across replicas too). */
  deliveryDead(manager: EntityManager, alert: Omit<DeliveryDeadAlert, 'windowMinutes'>): Promise<string[]> {
    const { windowMs } = this.config.failureAlerts;
    const window = new Date(Math.floor(Date.now() / windowMs) * windowMs).toISOString();
    return this.outbox.add(manager, [
      {
        sourceKey: `integration-dead:${alert.subscriber}:${window}`,
        channel: NotificationChannel.Slack,
        template: DELIVERY_DEAD_TEMPLATE,
        payload: {
          ...alert,
          error: maskContacts(alert.error.slice(0, MAX_ERROR_IN_ALERT)),
          windowMinutes: Math.round(windowMs / 60_000),
        } satisfies DeliveryDeadAlert,
      },
    ]);
  }
}
