import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { OutboundAuditService } from '../audit/outbound-audit.service.js';
import type { AppConfig } from '../config/app-config.js';
import type { TransactionsRepository } from '../database/transactions.repository.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import type { IntegrationAlerts } from './integration-alerts.js';
import type { IntegrationDeliveryQueueService } from './integration-delivery-queue.service.js';
import { type IntegrationDelivery, IntegrationDeliveryStatus } from './integration-delivery.entity.js';
import { IntegrationDeliveryService } from './integration-delivery.service.js';
import type { IntegrationEvent } from './integration-event.entity.js';
import type { IntegrationEventsRepository } from './integration-events.repository.js';

const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;

function setUp({ status = 200, attempts = 0, delays = [100, 200], disabled = false } = {}) {
  const delivery = {
    id: 'd-1',
    eventId: 'ie-1',
    subscriber: 'erp',
    status: attempts === 0 ? IntegrationDeliveryStatus.Pending : IntegrationDeliveryStatus.Failed,
    attempts,
  } as IntegrationDelivery;
  const event = {
    id: 'ie-1',
    dedupeKey: 'evt-1:order.paid:order:ORD-1',
    type: 'order.paid',
    subject: 'order:ORD-1',
    orderId: 'ORD-1',
    sourceEventId: 'evt-1',
    sequence: 1,
    data: { amount: 2499 },
    createdAt: new Date('2026-03-08T10:30:00Z'),
  } as IntegrationEvent;
  const repository = {
    findWithEvent: jest.fn<IntegrationEventsRepository['findWithEvent']>(async () => ({ delivery: { ...delivery }, event })),
    disabledAt: jest.fn<IntegrationEventsRepository['disabledAt']>(async () => (disabled ? new Date() : null)),
    markSent: jest.fn<IntegrationEventsRepository['markSent']>(async () => true),
    lockDelivery: jest.fn<IntegrationEventsRepository['lockDelivery']>(async () => ({ ...delivery })),
    saveDelivery: jest.fn<IntegrationEventsRepository['saveDelivery']>(async () => undefined),
    disable: jest.fn<IntegrationEventsRepository['disable']>(async () => true),
    postpone: jest.fn<IntegrationEventsRepository['postpone']>(async () => true),
  };
  const transactions = { run: jest.fn((work: (manager: EntityManager) => Promise<unknown>) => work({} as EntityManager)) };
  const queue = { enqueueQuietly: jest.fn<IntegrationDeliveryQueueService['enqueueQuietly']>(async () => undefined) };
  const alerts = {
    deliveryDead: jest.fn<IntegrationAlerts['deliveryDead']>(async () => ['alert-1']),
    subscriberDisabled: jest.fn<IntegrationAlerts['subscriberDisabled']>(async () => ['alert-2']),
  };
  const outbox = { dispatch: jest.fn<NotificationOutboxService['dispatch']>(async () => undefined) };
  const audit = { record: jest.fn<OutboundAuditService['record']>(async () => undefined) };
  const metrics = { integrationDeliveryTry: jest.fn(), integrationDeliveryDead: jest.fn() };
  const config = {
    integration: {
      subscribers: [{ name: 'erp', url: 'https://erp.example.com/hooks', secret: SECRET, events: null }],
      retryDelaysMs: delays,
      retryJitter: 0,
      sendTimeoutMs: 1000,
      maxInFlightPerSubscriber: 5,
    },
  } as unknown as AppConfig;
  const fetchMock = jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status }));
  const service = new IntegrationDeliveryService(
    repository as unknown as IntegrationEventsRepository,
    transactions as unknown as TransactionsRepository,
    queue as unknown as IntegrationDeliveryQueueService,
    alerts as unknown as IntegrationAlerts,
    outbox as unknown as NotificationOutboxService,
    audit as unknown as OutboundAuditService,
    metrics as unknown as MetricsService,
    config,
  );
  return { service, repository, queue, alerts, outbox, audit, metrics, fetchMock };
}

afterEach(() => jest.restoreAllMocks());

describe('IntegrationDeliveryService.deliver', () => {
  it('2xx: posts the body signed with webhook-id = the event id, marks it sent, audits and counts the try', async () => {
    const { service, repository, audit, metrics, fetchMock } = setUp();
    await service.deliver('d-1', 0);

    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('https://erp.example.com/hooks');
    expect(init.redirect).toBe('manual');
    expect(init.headers).toMatchObject({ 'webhook-id': 'ie-1', 'webhook-signature': expect.stringMatching(/^v1,/) });
    expect(JSON.parse(String(init.body))).toEqual({
      type: 'order.paid',
      timestamp: '2026-03-08T10:30:00.000Z',
      data: { orderId: 'ORD-1', sequence: 1, amount: 2499 },
    });
    expect(repository.markSent).toHaveBeenCalledWith('d-1', 0, 200);
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ target: 'integration:erp', operation: 'POST order.paid', outcome: 'success' }),
    );
    expect(metrics.integrationDeliveryTry).toHaveBeenCalledWith('erp', 'sent', expect.any(Number));
  });

  it('a failed try with tries left: failed, due after the next delay, its next try queued', async () => {
    const { service, repository, queue, alerts } = setUp({ status: 503 });
    await service.deliver('d-1', 0);
    expect(repository.saveDelivery).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ status: IntegrationDeliveryStatus.Failed, attempts: 1, lastError: 'HTTP 503', lastHttpStatus: 503 }),
    );
    expect(queue.enqueueQuietly).toHaveBeenCalledWith(['d-1'], 1, 100);
    expect(alerts.deliveryDead).not.toHaveBeenCalled();
  });

  it('the last try failed: dead, ops alerted (through the outbox), nothing queued', async () => {
    const { service, repository, queue, alerts, outbox, metrics } = setUp({ status: 500, attempts: 2 });
    await service.deliver('d-1', 2);
    expect(repository.saveDelivery).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ status: IntegrationDeliveryStatus.Dead, attempts: 3 }),
    );
    expect(alerts.deliveryDead).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ subscriber: 'erp', attempts: 3 }));
    expect(outbox.dispatch).toHaveBeenCalledWith(['alert-1']);
    expect(queue.enqueueQuietly).not.toHaveBeenCalled();
    expect(metrics.integrationDeliveryDead).toHaveBeenCalledWith('erp');
  });

  it('410 Gone: the delivery is dead and the subscriber disabled, with an alert', async () => {
    const { service, repository, alerts, outbox, queue } = setUp({ status: 410 });
    await service.deliver('d-1', 0);
    expect(repository.disable).toHaveBeenCalledWith(expect.anything(), 'erp', expect.stringContaining('410'), expect.any(Date));
    expect(alerts.subscriberDisabled).toHaveBeenCalled();
    expect(outbox.dispatch).toHaveBeenCalledWith(['alert-2']);
    expect(queue.enqueueQuietly).not.toHaveBeenCalled();
  });

  it('a stale job (the delivery has moved on) and a disabled subscriber send nothing', async () => {
    const stale = setUp();
    await stale.service.deliver('d-1', 3);
    expect(stale.fetchMock).not.toHaveBeenCalled();
    jest.restoreAllMocks();

    const disabled = setUp({ disabled: true });
    await disabled.service.deliver('d-1', 0);
    expect(disabled.fetchMock).not.toHaveBeenCalled();
    expect(disabled.repository.saveDelivery).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ status: IntegrationDeliveryStatus.Dead, lastError: expect.stringContaining('disabled') }),
    );
  });
});
