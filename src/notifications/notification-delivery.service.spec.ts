import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { OutboundAuditService, OutboundCall } from '../audit/outbound-audit.service.js';
import type { TransactionsRepository } from '../database/transactions.repository.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { OutgoingNotification } from './channels/notification-channel.js';
import { type Notification, NotificationChannel, NotificationStatus } from './notification.entity.js';
import { NotificationDeliveryService } from './notification-delivery.service.js';
import type { NotificationOutboxService } from './notification-outbox.service.js';
import type { NotificationTemplateRegistry } from './notification-templates.registry.js';
import type { NotificationsRepository } from './notifications.repository.js';
import type { OpsAlerts } from './ops-alerts.js';

function outboxRow(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'notification-1',
    dedupeKey: 'event-1:email:payment.success',
    channel: NotificationChannel.Email,
    template: 'payment.success',
    recipient: 'john.doe@example.com',
    payload: { orderId: 'ORD-1' },
    status: NotificationStatus.Pending,
    attempts: 0,
    lastError: null,
    createdAt: new Date('2026-03-08T10:00:00Z'),
    sentAt: null,
    ...overrides,
  };
}

/**
 * A delivery over mocks: the row is `row` (read and locked alike), the one
 * sender is an e-mail channel. `steps` records the transaction and what ran in it.
 */
function deliveryFor(row: Notification | null, { configured = true } = {}) {
  const steps: string[] = [];
  const manager = { name: 'the transaction' } as unknown as EntityManager;
  const transactions = {
    run: jest.fn(async (work: (manager: EntityManager) => Promise<unknown>) => {
      steps.push('begin');
      const result = await work(manager);
      steps.push('commit');
      return result;
    }),
  };
  const notifications = {
    findById: jest.fn(async () => row),
    lockForUpdate: jest.fn(async () => row),
    save: jest.fn(async (_manager: EntityManager, saved: Notification) => {
      steps.push(`save ${saved.status}`);
      return saved;
    }),
    markSent: jest.fn(async () => undefined),
    markSkipped: jest.fn(async () => undefined),
  };
  const sender = {
    channel: NotificationChannel.Email,
    target: 'smtp',
    configured,
    send: jest.fn(async (_message: OutgoingNotification) => ({})),
  };
  const templates = { render: jest.fn(async () => ({ subject: 'Payment received', text: 'Thank you for ORD-1' })) };
  const audit = { record: jest.fn(async (_call: OutboundCall) => undefined) };
  const outbox = { dispatch: jest.fn(async (_ids: string[]) => void steps.push('dispatch')) };
  const opsAlerts = {
    notificationFailed: jest.fn(async () => {
      steps.push('alert written');
      return ['alert-1'];
    }),
  };
  const metrics = { notificationSent: jest.fn() };
  const delivery = new NotificationDeliveryService(
    notifications as unknown as NotificationsRepository,
    transactions as unknown as TransactionsRepository,
    [sender],
    templates as unknown as NotificationTemplateRegistry,
    audit as unknown as OutboundAuditService,
    outbox as unknown as NotificationOutboxService,
    opsAlerts as unknown as OpsAlerts,
    metrics as unknown as MetricsService,
  );
  return { delivery, manager, transactions, notifications, sender, templates, audit, outbox, opsAlerts, metrics, steps };
}

describe('NotificationDeliveryService.deliver', () => {
  it('renders a pending row, sends it, audits the call and marks the row sent', async () => {
    const { delivery, notifications, sender, templates, audit, metrics } = deliveryFor(outboxRow());

    await delivery.deliver('notification-1', 'request-1');

    expect(templates.render).toHaveBeenCalledWith('payment.success', { orderId: 'ORD-1' });
    expect(sender.send).toHaveBeenCalledWith({
      recipient: 'john.doe@example.com',
      subject: 'Payment received',
      text: 'Thank you for ORD-1',
    });
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ target: 'smtp', operation: 'notification:payment.success', requestId: 'request-1', outcome: 'success' }),
    );
    expect(notifications.markSent).toHaveBeenCalledWith('notification-1');
    expect(metrics.notificationSent).toHaveBeenCalledWith('email', 'sent');
  });

  it.each([[NotificationStatus.Sent], [NotificationStatus.Failed], [NotificationStatus.Skipped]])(
    'sends nothing for a row already %s',
    async (status) => {
      const { delivery, notifications, sender } = deliveryFor(outboxRow({ status }));

      await delivery.deliver('notification-1');

      expect(sender.send).not.toHaveBeenCalled();
      expect(notifications.markSent).not.toHaveBeenCalled();
    },
  );

  it('skips a row whose channel is not configured, and says why on the row', async () => {
    const { delivery, notifications, sender, metrics } = deliveryFor(outboxRow(), { configured: false });

    await delivery.deliver('notification-1');

    expect(sender.send).not.toHaveBeenCalled();
    expect(notifications.markSkipped).toHaveBeenCalledWith('notification-1', 'email is not configured');
    expect(notifications.markSent).not.toHaveBeenCalled();
    expect(metrics.notificationSent).toHaveBeenCalledWith('email', 'skipped');
  });

  it('throws when the send fails, after auditing the failure, and leaves the row pending', async () => {
    const { delivery, notifications, sender, audit } = deliveryFor(outboxRow());
    sender.send.mockRejectedValueOnce(new Error('550 mailbox unavailable'));

    await expect(delivery.deliver('notification-1')).rejects.toThrow('550 mailbox unavailable');
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'failure', error: 'Error: 550 mailbox unavailable' }));
    expect(notifications.markSent).not.toHaveBeenCalled();
  });
});

describe('NotificationDeliveryService.recordFailure', () => {
  it('records a failed try that is not the last on the row, which stays pending, and alerts no one', async () => {
    const row = outboxRow({ attempts: 1 });
    const { delivery, manager, notifications, opsAlerts, outbox, metrics } = deliveryFor(row);

    await delivery.recordFailure('notification-1', new Error('smtp timeout'), false);

    expect(notifications.lockForUpdate).toHaveBeenCalledWith(manager, 'notification-1');
    expect(notifications.save).toHaveBeenCalledWith(manager, row);
    expect(row).toMatchObject({ status: NotificationStatus.Pending, attempts: 2, lastError: 'Error: smtp timeout' });
    expect(opsAlerts.notificationFailed).not.toHaveBeenCalled();
    expect(outbox.dispatch).toHaveBeenCalledWith([]);
    expect(metrics.notificationSent).toHaveBeenCalledWith('email', 'failed');
  });

  it('marks the row failed on the final try, writes the ops alert in the same transaction and queues it after commit', async () => {
    const row = outboxRow({ attempts: 4 });
    const { delivery, manager, opsAlerts, outbox, steps } = deliveryFor(row);

    await delivery.recordFailure('notification-1', new Error('smtp timeout'), true);

    expect(row).toMatchObject({ status: NotificationStatus.Failed, attempts: 5 });
    expect(opsAlerts.notificationFailed).toHaveBeenCalledWith(manager, row);
    expect(outbox.dispatch).toHaveBeenCalledWith(['alert-1']);
    expect(steps).toEqual(['begin', 'save failed', 'alert written', 'commit', 'dispatch']);
  });

  it('keeps no address the peer echoed in its error', async () => {
    const row = outboxRow();
    const { delivery } = deliveryFor(row);

    await delivery.recordFailure('notification-1', new Error('550 john.doe@example.com: no such user'), false);

    expect(row.lastError).toContain('550');
    expect(row.lastError).not.toContain('john.doe@example.com');
  });

  it('records nothing on a row no longer pending', async () => {
    const { delivery, notifications, opsAlerts, outbox } = deliveryFor(outboxRow({ status: NotificationStatus.Sent }));

    await delivery.recordFailure('notification-1', new Error('late'), true);

    expect(notifications.save).not.toHaveBeenCalled();
    expect(opsAlerts.notificationFailed).not.toHaveBeenCalled();
    expect(outbox.dispatch).toHaveBeenCalledWith([]);
  });
});
