import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import type { WebhookEvent } from '../webhooks/inbox/webhook-event.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { IntegrationDeliveryQueueService } from './integration-delivery-queue.service.js';
import type { IntegrationEventsRepository } from './integration-events.repository.js';
import { IntegrationEventsService } from './integration-events.service.js';
import type { IntegrationSubscriber } from './integration-subscribers.js';

const subscriber = (name: string, events: string[] | null = null) =>
  ({ name, url: `https://${name}.example.com`, secret: 'whsec_x', events: events && new Set(events) }) as IntegrationSubscriber;

interface SetUp {
  /** The id insertEvent returns; null: the event was there already. */
  inserted?: string | null;
  subscribers?: IntegrationSubscriber[];
}

function setUp({ inserted = 'ie-1', subscribers = [subscriber('erp'), subscriber('wms', ['order.shipped'])] }: SetUp = {}) {
  const repository = {
    insertEvent: jest.fn<IntegrationEventsRepository['insertEvent']>(async () => inserted ?? undefined),
    insertDeliveries: jest.fn<IntegrationEventsRepository['insertDeliveries']>(async (_m, _e, names) => names.map((n) => `d-${n}`)),
  };
  const queue = { enqueueQuietly: jest.fn<IntegrationDeliveryQueueService['enqueueQuietly']>(async () => undefined) };
  const config = { integration: { subscribers } } as unknown as AppConfig;
  const service = new IntegrationEventsService(
    repository as unknown as IntegrationEventsRepository,
    queue as unknown as IntegrationDeliveryQueueService,
    config,
  );
  const afterCommit = jest.fn<WebhookHandlerContext<object>['afterCommit']>();
  const context = {
    event: { id: 'evt-1', provider: 'payment' } as WebhookEvent,
    manager: { transaction: 'evt-1' } as unknown as EntityManager,
    afterCommit,
  };
  return { service, repository, queue, context, afterCommit };
}

describe('IntegrationEventsService.record', () => {
  it("writes the event in the handler's transaction, a delivery per subscriber taking the type, queued after commit", async () => {
    const { service, repository, queue, context, afterCommit } = setUp();
    await service.record(context, { type: 'order.paid', orderId: 'ORD-1', data: { amount: 2499 } });

    expect(repository.insertEvent).toHaveBeenCalledWith(context.manager, {
      dedupeKey: 'evt-1:order.paid:order:ORD-1',
      type: 'order.paid',
      subject: 'order:ORD-1',
      orderId: 'ORD-1',
      data: { amount: 2499, sourceEventId: 'evt-1', source: 'payment' },
      sourceEventId: 'evt-1',
    });
    // wms takes order.shipped only.
    expect(repository.insertDeliveries).toHaveBeenCalledWith(context.manager, 'ie-1', ['erp']);
    expect(queue.enqueueQuietly).not.toHaveBeenCalled();
    expect(afterCommit).toHaveBeenCalledTimes(1);
    await afterCommit.mock.calls[0][0]();
    expect(queue.enqueueQuietly).toHaveBeenCalledWith(['d-erp']);
  });

  it('counts events of no order by their subject (points by user)', async () => {
    const { service, repository, context } = setUp();
    await service.record(context, { type: 'points.credited', subject: 'user:42', data: {} });
    expect(repository.insertEvent).toHaveBeenCalledWith(context.manager, expect.objectContaining({ subject: 'user:42', orderId: null }));
  });

  it('writes nothing more when its cause ran again (the event is there), and nothing at all for undefined', async () => {
    const again = setUp({ inserted: null });
    await again.service.record(again.context, { type: 'order.paid', orderId: 'ORD-1', data: {} });
    expect(again.repository.insertDeliveries).not.toHaveBeenCalled();
    expect(again.afterCommit).not.toHaveBeenCalled();

    const none = setUp();
    await none.service.record(none.context, undefined);
    expect(none.repository.insertEvent).not.toHaveBeenCalled();
  });

  it('keeps the event with no subscriber, and queues nothing', async () => {
    const { service, repository, afterCommit, context } = setUp({ subscribers: [] });
    await service.record(context, { type: 'order.paid', orderId: 'ORD-1', data: {} });
    expect(repository.insertEvent).toHaveBeenCalled();
    expect(afterCommit).not.toHaveBeenCalled();
  });

  it('records order.completed after an event that completes the order, once per order whatever causes it again', async () => {
    const { service, repository, context } = setUp();
    await service.record(context, { type: 'order.delivered', orderId: 'ORD-1', data: { awb: 'AWB1' } });
    expect(repository.insertEvent).toHaveBeenNthCalledWith(2, context.manager, {
      dedupeKey: 'order.completed:order:ORD-1',
      type: 'order.completed',
      subject: 'order:ORD-1',
      orderId: 'ORD-1',
      data: { awb: 'AWB1', completedBy: 'order.delivered', sourceEventId: 'evt-1', source: 'payment' },
      sourceEventId: 'evt-1',
    });

    const shipped = setUp();
    await shipped.service.record(shipped.context, { type: 'order.shipped', orderId: 'ORD-1', data: {} });
    expect(shipped.repository.insertEvent).toHaveBeenCalledTimes(1);
  });
});
