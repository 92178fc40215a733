import { Injectable, type OnModuleInit } from '@nestjs/common';
import { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { OnWebhook } from '../webhooks/on-webhook.decorator.js';
import { applied, type HandlerResult, noEffect, type WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { PointsWebhookDto } from './dto/points-webhook.dto.js';
import { type DebitRefusedAlert, renderDebitRefused } from './points-alerts.js';
import { DEBIT_REFUSED_TEMPLATE, GMETRI_POINTS_PROVIDER } from './points-events.js';
import { LedgerEntryStatus, TransferType } from './points-ledger-entry.entity.js';
import { PointsLedgerRepository } from './points-ledger.repository.js';
import { confirmationRefusal, decideTransfer } from './points-rules.js';
import { TransferNotFoundError } from './transfer-not-found.error.js';

type PointsContext = WebhookHandlerContext<PointsWebhookDto>;
/** points.updated as validated: amount and direction are present. */
type PointsUpdate = PointsWebhookDto & Required<Pick<PointsWebhookDto, 'points' | 'type'>>;

/** Applies the loyalty platform's transfers to the ledger, one user at a time. */
@Injectable()
export class GmetriPointsWebhookHandler implements OnModuleInit {
  constructor(
    private readonly templates: NotificationTemplateRegistry,
    private readonly outbox: NotificationOutboxService,
    private readonly ledger: PointsLedgerRepository,
    private readonly integrationEvents: IntegrationEventsService,
  ) {}

  onModuleInit(): void {
    this.templates.register(DEBIT_REFUSED_TEMPLATE, renderDebitRefused);
  }

  @OnWebhook(GMETRI_POINTS_PROVIDER, 'points.updated')
  async applyTransfer(context: PointsContext): Promise<HandlerResult> {
    const { event, manager } = context;
    const update = event.payload as PointsUpdate;
    const userId = update.user_id;
    const balance = await this.ledger.lockBalance(manager, userId);
    const decision = decideTransfer(balance, update.type, update.points);
    const refusal = decision.status === LedgerEntryStatus.Refused ? decision.refusal : null;
    const recorded = await this.ledger.record(manager, {
      transferId: update.transferId,
      userId,
      type: update.type,
      points: update.points,
      amount: decision.amount,
      status: decision.status,
      reason: update.reason ?? null,
      refusal,
      eventId: event.id,
      occurredAt: update.timestamp ?? null,
    });
    if (!recorded) return noEffect(`transfer ${update.transferId} is already in the ledger`);
    if (refusal !== null) {
      const alert: DebitRefusedAlert = { userId, transferId: update.transferId, points: update.points, balance, refusal };
      await this.outbox.addForEvent(context, [
        { channel: NotificationChannel.Slack, template: DEBIT_REFUSED_TEMPLATE, payload: { ...alert } },
      ]);
      return noEffect(refusal);
    }
    await this.integrationEvents.record(context, {
      type: update.type === TransferType.Credit ? 'points.credited' : 'points.debited',
      subject: `user:${userId}`,
      data: {
        userId,
        transferId: update.transferId,
        points: update.points,
        balance: balance + decision.amount,
        reason: update.reason ?? null,
      },
    });
    return applied(`${update.type} of ${update.points} points: balance ${balance} → ${balance + decision.amount}`);
  }

  @OnWebhook(GMETRI_POINTS_PROVIDER, 'transfer.completed')
  async confirmTransfer({ event, manager }: PointsContext): Promise<HandlerResult> {
    const { transferId, user_id: userId, timestamp } = event.payload;
    const entry = await this.ledger.lockEntry(manager, transferId);
    if (!entry) throw new TransferNotFoundError(transferId);
    const refusal = confirmationRefusal(entry, userId);
    if (refusal) return noEffect(refusal);
    await this.ledger.confirm(manager, entry, timestamp ? new Date(timestamp) : new Date());
    return applied(`transfer ${transferId} confirmed`);
  }
}
