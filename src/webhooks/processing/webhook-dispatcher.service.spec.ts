import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { TransactionsRepository } from '../../database/transactions.repository.js';
import type { MetricsService } from '../../metrics/metrics.service.js';
import { type WebhookEvent, WebhookEventOutcome, WebhookEventSource, WebhookEventStatus } from '../inbox/webhook-event.entity.js';
import type { WebhookEventsRepository } from '../inbox/webhook-events.repository.js';
import { applied, noEffect, type WebhookHandler, WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import { PermanentWebhookError } from './permanent-webhook.error.js';
import { WebhookDispatcherService } from './webhook-dispatcher.service.js';

const RECEIVED_AT = new Date('2026-03-08T10:00:00Z');

function inboxEvent(overrides: Partial<WebhookEvent> = {}): WebhookEvent {
  return {
    id: 'event-1',
    provider: 'payment',
    eventType: 'payment.success',
    dedupeKey: 'pay-1',
    reference: 'ORD-1',
    payload: {},
    bodySha256: null,
    conflicts: 0,
    lastConflictAt: null,
    source: WebhookEventSource.Webhook,
    status: WebhookEventStatus.Pending,
    outcome: null,
    note: null,
    attempts: 0,
    lastError: null,
    lastFailedAt: null,
    requestId: null,
    receivedAt: RECEIVED_AT,
    processedAt: null,
    payloadPurgedAt: null,
    ...overrides,
  };
}

/**
 * A dispatcher over repositories mocked in memory. `steps` records, in order,
 * the transaction opening and closing and what ran in between or after.
 */
function dispatcherFor(event: WebhookEvent | null) {
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
  const events = {
    lockForUpdate: jest.fn(async () => event),
    markProcessed: jest.fn(async () => void steps.push('markProcessed')),
    markProcessedAgain: jest.fn(async () => void steps.push('markProcessedAgain')),
    save: jest.fn(async (_manager: EntityManager, saved: WebhookEvent) => {
      steps.push(`save ${saved.status}`);
      return saved;
    }),
  };
  const metrics = { eventProcessed: jest.fn() };
  const registry = new WebhookHandlerRegistry();
  const dispatcher = new WebhookDispatcherService(
    transactions as unknown as TransactionsRepository,
    events as unknown as WebhookEventsRepository,
    registry,
    metrics as unknown as MetricsService,
  );
  const handle = (handler: WebhookHandler) => registry.register('payment', { 'payment.success': handler });
  return { dispatcher, registry, handle, manager, transactions, events, metrics, steps };
}

describe('WebhookDispatcherService.dispatch', () => {
  it('applies the handler and marks the event processed in one transaction, then runs the after-commit tasks', async () => {
    const { dispatcher, handle, manager, transactions, events, metrics, steps } = dispatcherFor(inboxEvent({ attempts: 1 }));
    handle(async (context) => {
      expect(context.manager).toBe(manager);
      steps.push('handler');
      context.afterCommit(async () => steps.push('after commit'));
      return applied('order paid');
    });

    await dispatcher.dispatch('event-1');

    expect(transactions.run).toHaveBeenCalledTimes(1);
    expect(events.lockForUpdate).toHaveBeenCalledWith(manager, 'event-1');
    expect(events.markProcessed).toHaveBeenCalledWith(manager, 'event-1', {
      outcome: WebhookEventOutcome.Applied,
      note: 'order paid',
      attempts: 2,
      processedAt: expect.any(Date),
    });
    expect(steps).toEqual(['begin', 'handler', 'markProcessed', 'commit', 'after commit']);
    expect(metrics.eventProcessed).toHaveBeenCalledWith('payment', 'payment.success', WebhookEventOutcome.Applied, RECEIVED_AT);
  });

  it('keeps the record of a replayed processed event that had no effect: processed again, nothing else changed', async () => {
    const processedAt = new Date('2026-03-08T10:00:05Z');
    const replayed = inboxEvent({ status: WebhookEventStatus.Pending, outcome: WebhookEventOutcome.Applied, attempts: 1, processedAt });
    const { dispatcher, handle, manager, events, metrics, steps } = dispatcherFor(replayed);
    handle(async () => noEffect('order already paid'));

    await dispatcher.dispatch('event-1');

    expect(events.markProcessedAgain).toHaveBeenCalledWith(manager, 'event-1');
    expect(events.markProcessed).not.toHaveBeenCalled();
    expect(steps).toEqual(['begin', 'markProcessedAgain', 'commit']);
    // No processing time observed: the event was not received just now.
    expect(metrics.eventProcessed).toHaveBeenCalledWith('payment', 'payment.success', WebhookEventOutcome.NoEffect);
  });

  it('records a first processing without effect as such, with its note', async () => {
    const { dispatcher, handle, manager, events } = dispatcherFor(inboxEvent());
    handle(async () => noEffect('stale'));

    await dispatcher.dispatch('event-1');

    expect(events.markProcessed).toHaveBeenCalledWith(
      manager,
      'event-1',
      expect.objectContaining({ outcome: WebhookEventOutcome.NoEffect, note: 'stale', attempts: 1 }),
    );
    expect(events.markProcessedAgain).not.toHaveBeenCalled();
  });

  it('throws PermanentWebhookError when no handler is registered for the event type, and marks nothing', async () => {
    const { dispatcher, events } = dispatcherFor(inboxEvent({ eventType: 'payment.unknown' }));

    await expect(dispatcher.dispatch('event-1')).rejects.toBeInstanceOf(PermanentWebhookError);
    expect(events.markProcessed).not.toHaveBeenCalled();
    expect(events.markProcessedAgain).not.toHaveBeenCalled();
  });

  it.each([[WebhookEventStatus.Processed], [WebhookEventStatus.Dead]])('leaves a %s event alone (a stale job)', async (status) => {
    const { dispatcher, handle, events } = dispatcherFor(inboxEvent({ status }));
    const handler = jest.fn(async () => applied());
    handle(handler);

    await dispatcher.dispatch('event-1');

    expect(handler).not.toHaveBeenCalled();
    expect(events.markProcessed).not.toHaveBeenCalled();
  });

  it('does nothing for an event that is not in the inbox', async () => {
    const { dispatcher, events } = dispatcherFor(null);

    await expect(dispatcher.dispatch('event-1')).resolves.toBeUndefined();
    expect(events.markProcessed).not.toHaveBeenCalled();
  });
});

describe('WebhookDispatcherService.recordFailure', () => {
  it('marks the event retrying after a failed try that is not the last, and notifies no dead-letter listener', async () => {
    const event = inboxEvent({ attempts: 1 });
    const { dispatcher, registry, manager, events, metrics } = dispatcherFor(event);
    const listener = jest.fn(async () => undefined);
    registry.onDeadLetter(listener);

    await dispatcher.recordFailure('event-1', new Error('gateway timeout'), false);

    expect(events.lockForUpdate).toHaveBeenCalledWith(manager, 'event-1');
    expect(events.save).toHaveBeenCalledWith(manager, event);
    expect(event).toMatchObject({
      status: WebhookEventStatus.Retrying,
      attempts: 2,
      lastError: 'Error: gateway timeout',
      lastFailedAt: expect.any(Date),
    });
    expect(listener).not.toHaveBeenCalled();
    expect(metrics.eventProcessed).toHaveBeenCalledWith('payment', 'payment.success', 'failed');
  });

  it('marks the event dead on the final try and notifies the dead-letter listeners in the same transaction', async () => {
    const event = inboxEvent({ attempts: 4 });
    const { dispatcher, registry, manager, events, metrics, steps } = dispatcherFor(event);
    registry.onDeadLetter(async (deadEvent, listenerManager, afterCommit) => {
      expect(deadEvent).toBe(event);
      expect(listenerManager).toBe(manager);
      steps.push(`listener sees ${deadEvent.status}`);
      afterCommit(async () => steps.push('alert queued'));
    });

    await dispatcher.recordFailure('event-1', new Error('order not found'), true);

    expect(event).toMatchObject({ status: WebhookEventStatus.Dead, attempts: 5, lastError: 'Error: order not found' });
    expect(events.save).toHaveBeenCalledWith(manager, event);
    expect(steps).toEqual(['begin', 'save dead', 'listener sees dead', 'commit', 'alert queued']);
    expect(metrics.eventProcessed).toHaveBeenCalledWith('payment', 'payment.success', 'dead');
  });

  it('records nothing on an event already finished', async () => {
    const { dispatcher, registry, events } = dispatcherFor(inboxEvent({ status: WebhookEventStatus.Processed }));
    const listener = jest.fn(async () => undefined);
    registry.onDeadLetter(listener);

    await dispatcher.recordFailure('event-1', new Error('late'), true);

    expect(events.save).not.toHaveBeenCalled();
    expect(listener).not.toHaveBeenCalled();
  });
});
