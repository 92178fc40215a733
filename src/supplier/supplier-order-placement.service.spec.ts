import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboundAuditService } from '../audit/outbound-audit.service.js';
import type { AppConfig } from '../config/app-config.js';
import type { TransactionsRepository } from '../database/transactions.repository.js';
import type { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import type { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import type { OrdersRepository } from '../orders/orders.repository.js';
import type { WebhookEvent } from '../webhooks/inbox/webhook-event.entity.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import type { SupplierOrderPlacementQueueService } from './supplier-order-placement-queue.service.js';
import { type SupplierOrderPlacement, SupplierOrderPlacementStatus } from './supplier-order-placement.entity.js';
import { PLACEMENT_DEAD_TEMPLATE, SupplierOrderPlacementService } from './supplier-order-placement.service.js';
import type { SupplierOrderPlacementsRepository } from './supplier-order-placements.repository.js';
import { type SupplierOrder, SupplierOrderStatus } from './supplier-order.entity.js';
import type { SupplierOrdersRepository } from './supplier-orders.repository.js';

const MANAGER = { transaction: 'tx' } as unknown as EntityManager;

function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'ORD-1',
    kind: OrderKind.Digital,
    amount: 20,
    currency: 'USD',
    paymentStatus: PaymentStatus.Paid,
    fulfillmentStatus: FulfillmentStatus.Unfulfilled,
    items: [{ sku: 'steam-20-usd', quantity: 1, unitPrice: 20 }],
    ...overrides,
  } as Order;
}

function aPlacement(overrides: Partial<SupplierOrderPlacement> = {}): SupplierOrderPlacement {
  return {
    id: 'plc-1',
    orderId: 'ORD-1',
    status: SupplierOrderPlacementStatus.Pending,
    attempts: 0,
    lastError: null,
    lastHttpStatus: null,
    supplierOrderId: null,
    deadAt: null,
    ...overrides,
  } as SupplierOrderPlacement;
}

interface SetUpOptions {
  /** SUPPLIER_API_URL; null when unset. */
  url?: string | null;
  existing?: SupplierOrder | null;
  placement?: SupplierOrderPlacement;
}

function setUp({ url = 'http://supplier.test/v1', existing = null, placement = aPlacement() }: SetUpOptions = {}) {
  const saved: SupplierOrder[] = [];
  const placements = {
    insert: jest.fn<SupplierOrderPlacementsRepository['insert']>(async () => 'plc-1'),
    find: jest.fn<SupplierOrderPlacementsRepository['find']>(async () => placement),
    lockAt: jest.fn<SupplierOrderPlacementsRepository['lockAt']>(async (_m, _id, attempt) =>
      placement.attempts === attempt ? placement : null,
    ),
    save: jest.fn<SupplierOrderPlacementsRepository['save']>(async () => undefined),
  };
  const supplierOrders = {
    forOrder: jest.fn<SupplierOrdersRepository['forOrder']>(async () => existing),
    newFor: jest.fn<SupplierOrdersRepository['newFor']>((orderId) => ({ orderId }) as SupplierOrder),
    save: jest.fn<SupplierOrdersRepository['save']>(async (_m, order) => (saved.push(order), order)),
  };
  const orders = {
    findById: jest.fn<OrdersRepository['findById']>(async () => anOrder()),
    lockForUpdate: jest.fn<OrdersRepository['lockForUpdate']>(async () => anOrder()),
  };
  const transactions = { run: jest.fn(async (work: (manager: EntityManager) => Promise<unknown>) => work(MANAGER)) };
  const queue = { enqueueQuietly: jest.fn<SupplierOrderPlacementQueueService['enqueueQuietly']>(async () => undefined) };
  const outbox = {
    add: jest.fn<NotificationOutboxService['add']>(async () => ['alert-1']),
    dispatch: jest.fn<NotificationOutboxService['dispatch']>(async () => undefined),
  };
  const templates = { register: jest.fn<NotificationTemplateRegistry['register']>() };
  const audit = { record: jest.fn<OutboundAuditService['record']>(async () => undefined) };
  const config = {
    providerApis: {
      supplier: url ? { url, apiKey: 'supplier-api-unit-key-0123456789abcdef' } : undefined,
      supplierOrderRetryDelaysMs: [10_000, 60_000],
      timeoutMs: 1000,
    },
    digitalGoods: { supplierSlaMinutes: 30 },
  };
  const service = new SupplierOrderPlacementService(
    placements as unknown as SupplierOrderPlacementsRepository,
    supplierOrders as unknown as SupplierOrdersRepository,
    orders as unknown as OrdersRepository,
    transactions as unknown as TransactionsRepository,
    queue as unknown as SupplierOrderPlacementQueueService,
    outbox as unknown as NotificationOutboxService,
    templates as unknown as NotificationTemplateRegistry,
    audit as unknown as OutboundAuditService,
    config as unknown as AppConfig,
  );
  return { service, placements, supplierOrders, queue, outbox, audit, placement, saved };
}

function contextFor(): WebhookHandlerContext<object> {
  return { event: { id: 'evt-1' } as WebhookEvent<object>, manager: MANAGER, afterCommit: jest.fn() };
}

describe('SupplierOrderPlacementService.request (in the payment transaction)', () => {
  it('writes the placement of a paid, unfulfilled digital order and queues it only after commit', async () => {
    const { service, placements, queue } = setUp();
    const context = contextFor();
    await service.request(context, anOrder());
    expect(placements.insert).toHaveBeenCalledWith(MANAGER, 'ORD-1', 'evt-1');
    expect(queue.enqueueQuietly).not.toHaveBeenCalled();
    expect(context.afterCommit).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a physical order', anOrder({ kind: OrderKind.Physical }), {}],
    ['an order not paid', anOrder({ paymentStatus: PaymentStatus.Failed }), {}],
    ['an order delivered already', anOrder({ fulfillmentStatus: FulfillmentStatus.Delivered }), {}],
    ['any order when SUPPLIER_API_URL is unset', anOrder(), { url: null }],
    ['an order whose supplier order exists', anOrder(), { existing: { orderId: 'ORD-1' } as SupplierOrder }],
  ] as Array<[string, Order, SetUpOptions]>)('writes nothing for %s', async (_name, order, options) => {
    const { service, placements } = setUp(options);
    const context = contextFor();
    await service.request(context, order);
    expect(placements.insert).not.toHaveBeenCalled();
    expect(context.afterCommit).not.toHaveBeenCalled();
  });
});

describe('SupplierOrderPlacementService.place (one try)', () => {
  let fetchMock: jest.SpiedFunction<typeof fetch>;
  const answer = (status: number, body: unknown = {}) => fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(body), { status }));

  beforeEach(() => {
    fetchMock = jest.spyOn(globalThis, 'fetch');
  });
  afterEach(() => fetchMock.mockRestore());

  it("POSTs {reference, items} with the order's Idempotency-Key and bearer key; 2xx creates the supplier order, SLA clock started", async () => {
    const { service, placement, saved, queue } = setUp();
    answer(201, { id: 'SUP-9' });
    await service.place('plc-1', 0);

    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://supplier.test/v1/orders');
    expect(JSON.parse(init!.body as string)).toEqual({ reference: 'ORD-1', items: [{ sku: 'steam-20-usd', quantity: 1, unitPrice: 20 }] });
    expect(init!.headers).toMatchObject({
      'idempotency-key': 'order-placement:ORD-1',
      authorization: 'Bearer supplier-api-unit-key-0123456789abcdef',
    });
    expect(placement).toMatchObject({ status: SupplierOrderPlacementStatus.Placed, attempts: 1, supplierOrderId: 'SUP-9' });
    expect(saved[0]).toMatchObject({ orderId: 'ORD-1', status: SupplierOrderStatus.Created, supplierOrderId: 'SUP-9' });
    expect(saved[0].slaDeadline!.getTime() - saved[0].orderedAt!.getTime()).toBe(30 * 60_000);
    expect(queue.enqueueQuietly).not.toHaveBeenCalled();
  });

  it('a 5xx is a failed try, queued again after the first delay', async () => {
    const { service, placement, queue, outbox } = setUp();
    answer(503);
    await service.place('plc-1', 0);
    expect(placement).toMatchObject({ status: SupplierOrderPlacementStatus.Failed, attempts: 1, lastHttpStatus: 503 });
    expect(queue.enqueueQuietly).toHaveBeenCalledWith('plc-1', 1, 10_000);
    expect(outbox.add).not.toHaveBeenCalled();
  });

  it('no answer is retried too', async () => {
    const { service, placement, queue } = setUp();
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));
    await service.place('plc-1', 0);
    expect(placement.status).toBe(SupplierOrderPlacementStatus.Failed);
    expect(queue.enqueueQuietly).toHaveBeenCalledWith('plc-1', 1, 10_000);
  });

  it('a 4xx is dead at once and alerts ops after commit', async () => {
    const { service, placement, queue, outbox } = setUp();
    answer(422, { error: 'unknown sku' });
    await service.place('plc-1', 0);
    expect(placement).toMatchObject({ status: SupplierOrderPlacementStatus.Dead, attempts: 1, lastHttpStatus: 422 });
    expect(queue.enqueueQuietly).not.toHaveBeenCalled();
    expect(outbox.add).toHaveBeenCalledWith(MANAGER, [expect.objectContaining({ template: PLACEMENT_DEAD_TEMPLATE })]);
    expect(outbox.dispatch).toHaveBeenCalledWith(['alert-1']);
  });

  it('a 5xx on the last try is dead and alerts ops', async () => {
    const { service, placement, outbox } = setUp({ placement: aPlacement({ status: SupplierOrderPlacementStatus.Failed, attempts: 2 }) });
    answer(500);
    await service.place('plc-1', 2);
    expect(placement).toMatchObject({ status: SupplierOrderPlacementStatus.Dead, attempts: 3 });
    expect(outbox.dispatch).toHaveBeenCalledWith(['alert-1']);
  });

  it('an order whose supplier order appeared meanwhile is skipped without a call', async () => {
    const { service, placement } = setUp({ existing: { orderId: 'ORD-1' } as SupplierOrder });
    await service.place('plc-1', 0);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(placement.status).toBe(SupplierOrderPlacementStatus.Skipped);
  });

  it('a stale job (the placement has moved on) makes no call', async () => {
    const { service } = setUp({ placement: aPlacement({ attempts: 1, status: SupplierOrderPlacementStatus.Failed }) });
    await service.place('plc-1', 0);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('SupplierOrderPlacementService at start', () => {
  afterEach(() => jest.restoreAllMocks());

  it('says once that nothing is placed when SUPPLIER_API_URL is unset, and nothing when it is set', () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    setUp({ url: null }).service.onModuleInit();
    expect(log.mock.calls.filter(([message]) => String(message).includes('SUPPLIER_API_URL'))).toHaveLength(1);

    log.mockClear();
    setUp().service.onModuleInit();
    expect(log).not.toHaveBeenCalled();
  });
});
