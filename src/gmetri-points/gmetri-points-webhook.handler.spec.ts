import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { IntegrationEventsService } from '../integration-events/integration-events.service.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import type { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import type { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { type WebhookEvent, WebhookEventOutcome } from '../webhooks/inbox/webhook-event.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { PointsWebhookDto } from './dto/points-webhook.dto.js';
import { GmetriPointsWebhookHandler } from './gmetri-points-webhook.handler.js';
import { renderDebitRefused } from './points-alerts.js';
import { DEBIT_REFUSED_TEMPLATE } from './points-events.js';
import { LedgerEntryStatus, type PointsLedgerEntry, TransferType } from './points-ledger-entry.entity.js';
import type { PointsLedgerRepository } from './points-ledger.repository.js';
import { TransferNotFoundError } from './transfer-not-found.error.js';

const { Applied, NoEffect } = WebhookEventOutcome;

function anEntry(overrides: Partial<PointsLedgerEntry> = {}): PointsLedgerEntry {
  return {
    id: '7',
    transferId: 'TXN-1',
    userId: '12345',
    type: TransferType.Credit,
    points: 500,
    amount: 500,
    status: LedgerEntryStatus.Applied,
    reason: 'order_completion',
    refusal: null,
    eventId: 'evt-0',
    occurredAt: new Date('2026-03-08T12:00:00Z'),
    confirmedAt: null,
    recordedAt: new Date('2026-03-08T12:00:01Z'),
    ...overrides,
  };
}

/** The handler over a mocked ledger holding `balance` for the user (and `entry`, for transfer.completed). */
function setUp({
  balance = 0,
  recorded = true,
  entry = null,
}: { balance?: number; recorded?: boolean; entry?: PointsLedgerEntry | null } = {}) {
  const ledger = {
    lockBalance: jest.fn<PointsLedgerRepository['lockBalance']>(async () => balance),
    record: jest.fn<PointsLedgerRepository['record']>(async () => recorded),
    lockEntry: jest.fn<PointsLedgerRepository['lockEntry']>(async () => entry),
    confirm: jest.fn<PointsLedgerRepository['confirm']>(async () => undefined),
  };
  const outbox = { addForEvent: jest.fn<NotificationOutboxService['addForEvent']>(async () => undefined) };
  const templates = { register: jest.fn<NotificationTemplateRegistry['register']>() };
  const integrationEvents = { record: jest.fn<IntegrationEventsService['record']>(async () => undefined) };
  const handler = new GmetriPointsWebhookHandler(
    templates as unknown as NotificationTemplateRegistry,
    outbox as unknown as NotificationOutboxService,
    ledger as unknown as PointsLedgerRepository,
    integrationEvents as unknown as IntegrationEventsService,
  );
  return { handler, ledger, outbox, templates, integrationEvents };
}

function contextFor(payload: PointsWebhookDto): WebhookHandlerContext<PointsWebhookDto> {
  const event = {
    id: 'evt-1',
    provider: 'gmetri-points',
    eventType: payload.event,
    payload,
    processedAt: null,
  } as WebhookEvent<PointsWebhookDto>;
  return { event, manager: { transaction: 'evt-1' } as unknown as EntityManager, afterCommit: jest.fn() };
}

const update = (type: TransferType, points: number, extra: Partial<PointsWebhookDto> = {}): PointsWebhookDto => ({
  event: 'points.updated',
  user_id: '12345',
  transferId: 'TXN-1',
  points,
  type,
  reason: 'order_completion',
  timestamp: '2026-03-08T12:00:00Z',
  ...extra,
});

describe('GmetriPointsWebhookHandler', () => {
  it('registers the debit-refused ops alert template', () => {
    const { handler, templates } = setUp();

    handler.onModuleInit();

    expect(templates.register).toHaveBeenCalledWith(DEBIT_REFUSED_TEMPLATE, renderDebitRefused);
  });

  describe('points.updated', () => {
    it("a credit: locks the user's balance in the event transaction and records the transfer with its effect", async () => {
      const { handler, ledger, outbox } = setUp({ balance: 100 });
      const context = contextFor(update(TransferType.Credit, 500));

      const result = await handler.applyTransfer(context);

      expect(result).toEqual({ outcome: Applied, note: 'credit of 500 points: balance 100 → 600' });
      expect(ledger.lockBalance).toHaveBeenCalledWith(context.manager, '12345');
      expect(ledger.record).toHaveBeenCalledWith(context.manager, {
        transferId: 'TXN-1',
        userId: '12345',
        type: TransferType.Credit,
        points: 500,
        amount: 500,
        status: LedgerEntryStatus.Applied,
        reason: 'order_completion',
        refusal: null,
        eventId: 'evt-1',
        occurredAt: '2026-03-08T12:00:00Z',
      });
      expect(ledger.lockBalance.mock.invocationCallOrder[0]).toBeLessThan(ledger.record.mock.invocationCallOrder[0]);
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });

    it('a debit up to the balance is recorded as a negative amount', async () => {
      const { handler, ledger } = setUp({ balance: 300 });
      const context = contextFor(update(TransferType.Debit, 300, { reason: undefined, timestamp: undefined }));

      expect(await handler.applyTransfer(context)).toEqual({ outcome: Applied, note: 'debit of 300 points: balance 300 → 0' });
      expect(ledger.record).toHaveBeenCalledWith(
        context.manager,
        expect.objectContaining({
          type: TransferType.Debit,
          amount: -300,
          status: LedgerEntryStatus.Applied,
          reason: null,
          occurredAt: null,
        }),
      );
    });

    it('a debit beyond the balance is recorded as refused, with no effect, and ops are alerted through the outbox', async () => {
      const { handler, ledger, outbox } = setUp({ balance: 300 });
      const context = contextFor(update(TransferType.Debit, 301));
      const refusal = 'debit of 301 points exceeds the balance of 300';

      expect(await handler.applyTransfer(context)).toEqual({ outcome: NoEffect, note: refusal });
      expect(ledger.record).toHaveBeenCalledWith(
        context.manager,
        expect.objectContaining({ amount: 0, status: LedgerEntryStatus.Refused, refusal, eventId: 'evt-1' }),
      );
      expect(outbox.addForEvent).toHaveBeenCalledWith(context, [
        {
          channel: NotificationChannel.Slack,
          template: DEBIT_REFUSED_TEMPLATE,
          payload: { userId: '12345', transferId: 'TXN-1', points: 301, balance: 300, refusal },
        },
      ]);
      // The outbox queues the alert after commit through the context's afterCommit; the handler queues nothing itself.
      expect(outbox.addForEvent.mock.calls[0][0]).toBe(context);
      expect(context.afterCommit).not.toHaveBeenCalled();
    });

    it.each([
      ['a credit', TransferType.Credit, 500],
      ['a debit the balance would refuse', TransferType.Debit, 5000],
    ])('%s already in the ledger has no effect and alerts nobody', async (_what, type, points) => {
      const { handler, outbox } = setUp({ balance: 1000, recorded: false });

      expect(await handler.applyTransfer(contextFor(update(type, points)))).toEqual({
        outcome: NoEffect,
        note: 'transfer TXN-1 is already in the ledger',
      });
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });
  });

  describe('transfer.completed', () => {
    const completed = (extra: Partial<PointsWebhookDto> = {}): PointsWebhookDto => ({
      event: 'transfer.completed',
      user_id: '12345',
      transferId: 'TXN-1',
      status: 'completed',
      timestamp: '2026-03-08T12:00:05Z',
      ...extra,
    });

    it('confirms an applied transfer of the same user at the platform time, locking it in the event transaction', async () => {
      const entry = anEntry();
      const { handler, ledger } = setUp({ entry });
      const context = contextFor(completed());

      expect(await handler.confirmTransfer(context)).toEqual({ outcome: Applied, note: 'transfer TXN-1 confirmed' });
      expect(ledger.lockEntry).toHaveBeenCalledWith(context.manager, 'TXN-1');
      expect(ledger.confirm).toHaveBeenCalledWith(context.manager, entry, new Date('2026-03-08T12:00:05Z'));
    });

    it('confirms at the time it is applied when the platform sends none', async () => {
      const { handler, ledger } = setUp({ entry: anEntry() });
      const before = Date.now();

      await handler.confirmTransfer(contextFor(completed({ timestamp: undefined })));

      const confirmedAt = ledger.confirm.mock.calls[0][2];
      expect(confirmedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(confirmedAt.getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('fails (to be retried) when the transfer is not in the ledger yet', async () => {
      const { handler, ledger } = setUp({ entry: null });

      await expect(handler.confirmTransfer(contextFor(completed()))).rejects.toBeInstanceOf(TransferNotFoundError);
      expect(ledger.confirm).not.toHaveBeenCalled();
    });

    it.each([
      ['of another user', 'transfer TXN-1 belongs to another user', anEntry({ userId: '999' })],
      ['refused', 'transfer TXN-1 was refused; nothing to confirm', anEntry({ status: LedgerEntryStatus.Refused, amount: 0 })],
      ['confirmed already', 'transfer TXN-1 already confirmed', anEntry({ confirmedAt: new Date('2026-03-08T12:00:03Z') })],
    ])('has no effect on a transfer %s: "%s"', async (_what, reason, entry) => {
      const { handler, ledger, outbox } = setUp({ entry });

      expect(await handler.confirmTransfer(contextFor(completed()))).toEqual({ outcome: NoEffect, note: reason });
      expect(ledger.confirm).not.toHaveBeenCalled();
      expect(outbox.addForEvent).not.toHaveBeenCalled();
    });
  });
});

describe('GmetriPointsWebhookHandler integration events', () => {
  it("records points.credited with the user's new balance, counted per user", async () => {
    const { handler, integrationEvents } = setUp({ balance: 100 });
    const context = contextFor(update(TransferType.Credit, 500));
    await handler.applyTransfer(context);
    expect(integrationEvents.record).toHaveBeenCalledWith(context, {
      type: 'points.credited',
      subject: 'user:12345',
      data: { userId: '12345', transferId: 'TXN-1', points: 500, balance: 600, reason: 'order_completion' },
    });
  });

  it('records points.debited for an applied debit, and nothing for a refused one', async () => {
    const applied = setUp({ balance: 100 });
    await applied.handler.applyTransfer(contextFor(update(TransferType.Debit, 40)));
    expect(applied.integrationEvents.record).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'points.debited', data: expect.objectContaining({ balance: 60 }) }),
    );

    const refused = setUp({ balance: 10 });
    await refused.handler.applyTransfer(contextFor(update(TransferType.Debit, 40)));
    expect(refused.integrationEvents.record).not.toHaveBeenCalled();
  });
});
