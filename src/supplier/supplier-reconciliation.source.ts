import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { CodesCipherService } from './codes-cipher.service.js';
import { supplierPayloadProblem, SupplierWebhookDto } from './dto/supplier-webhook.dto.js';
import { SUPPLIER_PROVIDER, type SupplierOrderEvent } from './supplier-events.js';
import { supplierDedupeKey } from './supplier-dedupe-key.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutboxService, outboxDedupeKey } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { ProviderApiClient } from '../reconciliation/provider-api.client.js';
import { ReconciliationChecks } from '../reconciliation/reconciliation-checks.js';
import { type Lookup, type ReconciliationSource, ReconciliationSourceProvider } from '../reconciliation/reconciliation-source.js';
import { validatedPayload } from '../reconciliation/validated-payload.js';

export const SUPPLIER_API = 'supplier-api';
export const SUPPLIER_SLA_BREACHED_TEMPLATE = 'ops.supplier_sla_breached';

/** Overdue supplier orders alerted per run at most; the rest wait for the next run. */
export const OVERDUE_ALERTS_PER_RUN = 1000;
const SLA_ALERT_SOURCE = 'supplier-sla:';

// Supplier orders past their SLA deadline without order.fulfilled and not alerted yet (no
// outbox row under the alert's key), oldest deadline first. Those alerted before are left out,
// so however many stay overdue for good, a new breach is still alerted.
const OVERDUE_NOT_ALERTED = `
  SELECT s.order_id AS "orderId", s.supplier_order_id AS "supplierOrderId", s.sla_deadline AS "slaDeadline"
  FROM supplier_orders s
  WHERE s.status = 'created' AND s.sla_deadline < now()
    AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = $1 || s.order_id || $2)
  ORDER BY s.sla_deadline
  LIMIT $3`;

// Digital orders still waiting for fulfilment, old enough that order.fulfilled is overdue:
// those with a supplier order still `created`, and paid ones of which no supplier event
// arrived at all (order.created was lost too), else such an order would stay stuck.
const AWAITING_FULFILMENT = `
  SELECT order_id AS id FROM supplier_orders
  WHERE status = 'created'
    AND created_at < now() - make_interval(secs => $1)
    AND created_at > now() - make_interval(secs => $2)
  UNION ALL
  SELECT o.id FROM orders o
  WHERE o.kind = 'digital' AND o.payment_status = 'paid' AND o.fulfillment_status = 'unfulfilled'
    AND o.created_at < now() - make_interval(secs => $1)
    AND o.created_at > now() - make_interval(secs => $2)
    AND NOT EXISTS (SELECT 1 FROM supplier_orders s WHERE s.order_id = o.id)`;

/** The supplier's order statuses that a webhook would have announced. */
const EVENT_OF_STATUS: Record<string, SupplierOrderEvent> = {
  fulfilled: 'order.fulfilled',
  completed: 'order.fulfilled',
  failed: 'order.failed',
  refunded: 'order.refunded',
};

interface SupplierOrderAnswer {
  order_id?: string | null;
  reference?: string | null;
  status?: string;
  items?: object[];
  timestamp?: string;
  updated_at?: string;
}

/**
 * Asks the supplier (`GET /orders/:reference`) about digital orders it has
 * not fulfilled yet. A fulfilled, failed or refunded order becomes the
 * webhook the supplier would have sent, its codes sealed before the inbox
 * stores them, exactly as the webhook endpoint does.
 */
@Injectable()
@ReconciliationSourceProvider()
export class SupplierReconciliationSource implements ReconciliationSource, OnModuleInit {
  readonly name = SUPPLIER_PROVIDER;

  constructor(
    private readonly config: AppConfig,
    private readonly client: ProviderApiClient,
    private readonly checks: ReconciliationChecks,
    private readonly codes: CodesCipherService,
    private readonly outbox: NotificationOutboxService,
    private readonly templates: NotificationTemplateRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.templates.register(SUPPLIER_SLA_BREACHED_TEMPLATE, (p) => ({
      text: `Supplier order for ${p.orderId} (supplier order ${p.supplierOrderId ?? 'unknown'}) passed its SLA deadline ${p.slaDeadline} without order.fulfilled.`,
    }));
  }

  enabled(): boolean {
    return this.config.providerApis.supplier !== undefined;
  }

  candidates(limit: number): Promise<string[]> {
    const { minAgeMs, maxAgeMs } = this.config.reconciliation;
    return this.checks.leastRecentlyChecked(this.name, AWAITING_FULFILMENT, [minAgeMs / 1000, maxAgeMs / 1000], limit);
  }

  async lookup(orderId: string): Promise<Lookup> {
    const api = this.config.providerApis.supplier!;
    const answer = await this.client.get(api, SUPPLIER_API, `/orders/${encodeURIComponent(orderId)}`);
    if (answer.status === 404) return { nothing: 'unknown to the supplier' };
    const order = orderIn(answer.body);
    const event = EVENT_OF_STATUS[order.status?.toLowerCase() ?? ''];
    if (!event) return { nothing: `supplier order is ${order.status ?? 'of unknown status'}` };
    const body = await asWebhook(event, order, orderId);
    return {
      entry: { provider: SUPPLIER_PROVIDER, eventType: event, dedupeKey: supplierDedupeKey(body), reference: orderId, payload: this.codes.sealItems(body) },
    };
  }

  /**
   * Supplier orders past their SLA deadline without order.fulfilled alert ops
   * once each: the outbox row's dedupe key is the order's.
   */
  async alertOverdue(): Promise<number> {
    // The key of an alert is SLA_ALERT_SOURCE + order id + this (the key of an empty source).
    const keySuffix = outboxDedupeKey('', NotificationChannel.Slack, SUPPLIER_SLA_BREACHED_TEMPLATE);
    const overdue = (await this.dataSource.query(OVERDUE_NOT_ALERTED, [SLA_ALERT_SOURCE, keySuffix, OVERDUE_ALERTS_PER_RUN])) as Array<{
      orderId: string;
      supplierOrderId: string | null;
      slaDeadline: Date;
    }>;
    const ids = await this.outbox.add(
      this.dataSource.manager,
      overdue.map(({ orderId, supplierOrderId, slaDeadline }) => ({
        sourceKey: `${SLA_ALERT_SOURCE}${orderId}`,
        channel: NotificationChannel.Slack,
        template: SUPPLIER_SLA_BREACHED_TEMPLATE,
        payload: { orderId, supplierOrderId, slaDeadline: slaDeadline.toISOString() },
      })),
    );
    if (ids.length > 0) await this.outbox.dispatch(ids);
    return ids.length;
  }
}

/** The supplier may answer with the bare order or with its webhook envelope. */
function orderIn(body: unknown): SupplierOrderAnswer & { timestamp?: string } {
  const envelope = (body ?? {}) as { data?: SupplierOrderAnswer; timestamp?: string };
  return envelope.data ? { ...envelope.data, timestamp: envelope.timestamp ?? envelope.data.timestamp } : (envelope as SupplierOrderAnswer);
}

async function asWebhook(event: SupplierOrderEvent, order: SupplierOrderAnswer, orderId: string): Promise<SupplierWebhookDto> {
  const webhook = {
    event,
    timestamp: order.timestamp ?? order.updated_at,
    data: { order_id: order.order_id ?? null, reference: orderId, status: order.status, items: order.items },
  };
  const body = await validatedPayload(SupplierWebhookDto, webhook, 'supplier answer');
  const problem = supplierPayloadProblem(body);
  if (problem) throw new Error(`supplier answer is not valid: ${problem}`);
  return body;
}
