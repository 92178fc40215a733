import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboundAuditService } from '../audit/outbound-audit.service.js';
import { describeFailure } from '../common/queue/describe-failure.js';
import { maskContacts } from '../common/redaction/mask-contacts.js';
import { AppConfig, type ProviderApiSettings } from '../config/app-config.js';
import { TransactionsRepository } from '../database/transactions.repository.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutboxService } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { FulfillmentStatus, type Order, OrderKind, PaymentStatus } from '../orders/order.entity.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import type { WebhookHandlerContext } from '../webhooks/webhook-handler.registry.js';
import { type PlacementTry, placementDecision, placementIdempotencyKey } from './supplier-order-placement-decision.js';
import { SupplierOrderPlacementQueueService } from './supplier-order-placement-queue.service.js';
import { type SupplierOrderPlacement, SupplierOrderPlacementStatus } from './supplier-order-placement.entity.js';
import { SupplierOrderPlacementsRepository } from './supplier-order-placements.repository.js';
import { SupplierOrderStatus } from './supplier-order.entity.js';
import { SupplierOrdersRepository } from './supplier-orders.repository.js';

export const PLACEMENT_DEAD_TEMPLATE = 'ops.supplier_order_placement_dead';

const MS_PER_MINUTE = 60_000;
const MAX_ERROR_IN_ALERT = 300;
const MAX_SUPPLIER_ID = 100;

interface PlacementDeadAlert {
  orderId: string;
  placementId: string;
  attempts: number;
  error: string;
}

/** A try's outcome with what the supplier said its order is. */
interface SentTry extends PlacementTry {
  supplierOrderId?: string;
}

/**
 * Places paid digital orders with the supplier (POST $SUPPLIER_API_URL/orders)
 * through an outbox: the payment handlers write the placement in the
 * payment's transaction (request), a worker makes the tries (place). The
 * Idempotency-Key is derived from our order id, so no try, retry or replay
 * orders twice. An order whose supplier order exists already (its supplier's
 * webhooks came first) is not placed. A placed order gets its supplier order
 * (`created`, SLA clock started, as order.created would) with the supplier's id.
 */
@Injectable()
export class SupplierOrderPlacementService implements OnModuleInit {
  private readonly logger = new Logger(SupplierOrderPlacementService.name);

  constructor(
    private readonly placements: SupplierOrderPlacementsRepository,
    private readonly supplierOrders: SupplierOrdersRepository,
    private readonly orders: OrdersRepository,
    private readonly transactions: TransactionsRepository,
    private readonly queue: SupplierOrderPlacementQueueService,
    private readonly outbox: NotificationOutboxService,
    private readonly templates: NotificationTemplateRegistry,
    private readonly audit: OutboundAuditService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.providerApis.supplier) {
      this.logger.log('SUPPLIER_API_URL is not set: paid digital orders are not placed with the supplier by this service');
    }
    this.templates.register<PlacementDeadAlert>(PLACEMENT_DEAD_TEMPLATE, (p) => ({
      text:
        `Order ${p.orderId} could not be placed with the supplier after ${p.attempts} tries: ${p.error}. ` +
        `It is paid and waits for codes. Fix the cause, then POST /api/v2/admin/supplier-order-placements/${p.placementId}/replay ` +
        `(the same Idempotency-Key: the supplier will not order it twice).`,
    }));
  }

  /**
   * In the payment's transaction (which holds the order's row lock): a digital
   * order that is paid now gets its placement, queued after commit. Any
   * other order, or one the supplier has already, writes nothing.
   */
  async request(context: WebhookHandlerContext<object>, order: Order): Promise<void> {
    if (order.kind !== OrderKind.Digital || order.paymentStatus !== PaymentStatus.Paid) return;
    // Delivered already (its codes came first) or past delivery: there is nothing left to order.
    if (order.fulfillmentStatus !== FulfillmentStatus.Unfulfilled || !this.config.providerApis.supplier) return;
    const { event, manager } = context;
    if (await this.supplierOrders.forOrder(manager, order.id)) return;
    const id = await this.placements.insert(manager, order.id, event.id);
    if (id) context.afterCommit(() => this.queue.enqueueQuietly(id));
  }

  /** One try; throws only when its outcome could not be recorded (the sweeper then queues it again). */
  async place(placementId: string, attempt: number, requestId?: string): Promise<void> {
    const placement = await this.placements.find(placementId);
    if (!placement || placement.attempts !== attempt) return;
    if (placement.status !== SupplierOrderPlacementStatus.Pending && placement.status !== SupplierOrderPlacementStatus.Failed) return;
    const api = this.config.providerApis.supplier;
    const order = await this.orders.findById(placement.orderId);
    if (!api || !order) {
      return this.finish(placementId, attempt, { error: !api ? 'SUPPLIER_API_URL is not set' : 'order not found' }, 'dead-now');
    }
    if (await this.transactions.run((manager) => this.supplierOrders.forOrder(manager, order.id))) {
      return this.finish(placementId, attempt, {}, 'skip');
    }
    const outcome = await this.send(api, order, placement, requestId);
    await this.finish(placementId, attempt, outcome);
  }

  private async send(api: ProviderApiSettings, order: Order, placement: SupplierOrderPlacement, requestId?: string): Promise<SentTry> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': placementIdempotencyKey(order.id),
    };
    if (api.apiKey) headers.authorization = `Bearer ${api.apiKey}`;
    const body = JSON.stringify({ reference: order.id, items: order.items ?? [] });
    const started = performance.now();
    let outcome: SentTry;
    try {
      const response = await fetch(`${api.url}/orders`, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.providerApis.timeoutMs),
      });
      const answer = await readJson(response);
      const ok = response.status >= 200 && response.status < 300;
      outcome = { httpStatus: response.status, error: ok ? undefined : `HTTP ${response.status}`, supplierOrderId: supplierIdOf(answer) };
    } catch (error) {
      outcome = { error: describeFailure(error, maskContacts) };
    }
    await this.audit
      .record({
        target: 'supplier',
        operation: 'POST /orders',
        outcome: outcome.error === undefined ? 'success' : 'failure',
        httpStatus: outcome.httpStatus,
        latencyMs: Math.round(performance.now() - started),
        requestId,
        payload: {
          placementId: placement.id,
          orderId: order.id,
          attempt: placement.attempts + 1,
          supplierOrderId: outcome.supplierOrderId ?? null,
        },
        error: outcome.error,
      })
      .catch((error: Error) => this.logger.warn(`outbound call not audited: ${error.message}`));
    return outcome;
  }

  /** Records a try's outcome, or a decision made without one (`skip`, `dead-now`). */
  private async finish(placementId: string, attempt: number, outcome: SentTry, without?: 'skip' | 'dead-now'): Promise<void> {
    const result = await this.transactions.run(async (manager) => {
      const placement = await this.placements.lockAt(manager, placementId, attempt);
      if (!placement) return undefined;
      if (without === 'skip') {
        placement.status = SupplierOrderPlacementStatus.Skipped;
        await this.placements.save(manager, placement);
        return { note: `skipped: order ${placement.orderId} has a supplier order already` };
      }
      placement.attempts = attempt + 1;
      placement.lastHttpStatus = outcome.httpStatus ?? null;
      const decision =
        without === 'dead-now' ? { dead: outcome.error ?? 'not placed' } : placementDecision(outcome, placement.attempts, this.delays());
      if ('placed' in decision) return { note: await this.recordPlaced(manager, placement, outcome.supplierOrderId) };
      placement.lastError = 'dead' in decision ? decision.dead : (outcome.error ?? null);
      if ('retryInMs' in decision) {
        placement.status = SupplierOrderPlacementStatus.Failed;
        placement.nextAttemptAt = new Date(Date.now() + decision.retryInMs);
        await this.placements.save(manager, placement);
        return { retry: decision.retryInMs, placement };
      }
      placement.status = SupplierOrderPlacementStatus.Dead;
      placement.deadAt = new Date();
      await this.placements.save(manager, placement);
      const alertIds = await this.alertDead(manager, placement);
      return { alertIds, placement };
    });
    if (!result) return;
    if ('note' in result) {
      this.logger.log(`supplier order placement ${placementId}: ${result.note}`);
    } else if ('retry' in result) {
      this.logger.warn(`supplier order placement ${placementId} failed (${result.placement.lastError}); retry in ${result.retry} ms`);
      await this.queue.enqueueQuietly(placementId, result.placement.attempts, result.retry);
    } else {
      this.logger.error(
        `supplier order placement ${placementId} for order ${result.placement.orderId} dead: ${result.placement.lastError}`,
      );
      await this.outbox.dispatch(result.alertIds);
    }
  }

  /** The order gets its supplier order: created now (its SLA clock starts), or the supplier's id added to the one its webhooks made. */
  private async recordPlaced(manager: EntityManager, placement: SupplierOrderPlacement, supplierOrderId?: string): Promise<string> {
    const now = new Date();
    Object.assign(placement, {
      status: SupplierOrderPlacementStatus.Placed,
      placedAt: now,
      lastError: null,
      supplierOrderId: supplierOrderId ?? null,
    });
    await this.placements.save(manager, placement);
    // The supplier's webhook handler takes the order's lock too: one of the two makes the supplier order.
    await this.orders.lockForUpdate(manager, placement.orderId);
    const existing = await this.supplierOrders.forOrder(manager, placement.orderId);
    const supplierOrder = existing ?? this.supplierOrders.newFor(placement.orderId);
    if (!existing) {
      supplierOrder.status = SupplierOrderStatus.Created;
      supplierOrder.statusChangedAt = now;
      supplierOrder.orderedAt = now;
      supplierOrder.slaDeadline = new Date(now.getTime() + this.config.digitalGoods.supplierSlaMinutes * MS_PER_MINUTE);
    }
    supplierOrder.supplierOrderId = supplierOrder.supplierOrderId ?? supplierOrderId ?? null;
    await this.supplierOrders.save(manager, supplierOrder);
    return `placed as supplier order ${supplierOrderId ?? '(no id given)'}${existing ? '' : `; SLA deadline ${supplierOrder.slaDeadline?.toISOString()}`}`;
  }

  /** Once per placement's death (its time is in the key): a replay that dies again alerts again. */
  private alertDead(manager: EntityManager, placement: SupplierOrderPlacement): Promise<string[]> {
    return this.outbox.add(manager, [
      {
        sourceKey: `supplier-placement-dead:${placement.id}:${placement.deadAt!.toISOString()}`,
        channel: NotificationChannel.Slack,
        template: PLACEMENT_DEAD_TEMPLATE,
        payload: {
          orderId: placement.orderId,
          placementId: placement.id,
          attempts: placement.attempts,
          error: maskContacts((placement.lastError ?? 'unknown error').slice(0, MAX_ERROR_IN_ALERT)),
        } satisfies PlacementDeadAlert,
      },
    ]);
  }

  private delays(): number[] {
    return this.config.providerApis.supplierOrderRetryDelaysMs;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The supplier's id of the order: `id` or `order_id` in its answer, as its webhooks call it. */
function supplierIdOf(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { id, order_id: orderId } = answer as Record<string, unknown>;
  const value = typeof orderId === 'string' ? orderId : typeof id === 'string' ? id : undefined;
  return value?.slice(0, MAX_SUPPLIER_ID);
}
