import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { pathSegment } from '../common/http/path-segment.js';
import { CodesCipherService } from './codes-cipher.service.js';
import { supplierKnownFields, supplierPayloadProblem, SupplierWebhookDto } from './dto/supplier-webhook.dto.js';
import { SUPPLIER_PROVIDER, type SupplierOrderEvent } from './supplier-events.js';
import { SupplierOrdersRepository } from './supplier-orders.repository.js';
import { supplierDedupeKey } from './supplier-dedupe-key.js';
import { NotificationChannel } from '../notifications/notification.entity.js';
import { NotificationOutboxService, outboxDedupeKey } from '../notifications/notification-outbox.service.js';
import { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { ProviderApiClient } from '../reconciliation/provider-api.client.js';
import { ReconciliationChecksRepository } from '../reconciliation/reconciliation-checks.repository.js';
import { type Lookup, type ReconciliationSource, ReconciliationSourceProvider } from '../reconciliation/reconciliation-source.js';
import { validatedPayload } from '../reconciliation/validated-payload.js';

export const SUPPLIER_API = 'supplier-api';
export const SUPPLIER_SLA_BREACHED_TEMPLATE = 'ops.supplier_sla_breached';

/** Overdue supplier orders alerted per run at most; the rest wait for the next run. */
export const OVERDUE_ALERTS_PER_RUN = 1000;

/** What the SLA alert renders from. */
interface SlaBreachedAlert {
  orderId: string;
  supplierOrderId: string | null;
  slaDeadline: string;
}
const SLA_ALERT_SOURCE = 'supplier-sla:';

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
    private readonly checks: ReconciliationChecksRepository,
    private readonly supplierOrders: SupplierOrdersRepository,
    private readonly codes: CodesCipherService,
    private readonly outbox: NotificationOutboxService,
    private readonly templates: NotificationTemplateRegistry,
  ) {}

  onModuleInit(): void {
    this.templates.register<SlaBreachedAlert>(SUPPLIER_SLA_BREACHED_TEMPLATE, (p) => ({
      text: `Supplier order for ${p.orderId} (supplier order ${p.supplierOrderId ?? 'unknown'}) passed its SLA deadline ${p.slaDeadline} without order.fulfilled.`,
    }));
  }

  enabled(): boolean {
    return this.config.providerApis.supplier !== undefined;
  }

  candidates(limit: number): Promise<string[]> {
    const { minAgeMs, maxAgeMs } = this.config.reconciliation;
    return this.checks.leastRecentlyChecked(this.name, this.supplierOrders.awaitingFulfilment(minAgeMs, maxAgeMs), limit);
  }

  async lookup(orderId: string): Promise<Lookup> {
    const api = this.config.providerApis.supplier!;
    const answer = await this.client.get(api, SUPPLIER_API, `/orders/${pathSegment(orderId)}`);
    if (answer.status === 404) return { nothing: 'unknown to the supplier' };
    const order = orderIn(answer.body);
    const event = EVENT_OF_STATUS[order.status?.toLowerCase() ?? ''];
    if (!event) return { nothing: `supplier order is ${order.status ?? 'of unknown status'}` };
    const body = await asWebhook(event, order, orderId);
    return {
      entry: {
        provider: SUPPLIER_PROVIDER,
        eventType: event,
        dedupeKey: supplierDedupeKey(body),
        reference: orderId,
        payload: this.codes.sealItems(body),
      },
    };
  }

  /**
   * Supplier orders past their SLA deadline without order.fulfilled, and paid
   * digital orders no supplier event reached within the SLA of their payment,
   * alert ops once each: the outbox row's dedupe key is the order's.
   */
  async alertOverdue(): Promise<number> {
    // The key of an alert is SLA_ALERT_SOURCE + order id + this (the key of an empty source).
    const keySuffix = outboxDedupeKey('', NotificationChannel.Slack, SUPPLIER_SLA_BREACHED_TEMPLATE);
    const overdue = await this.supplierOrders.overdueNotAlerted(
      SLA_ALERT_SOURCE,
      keySuffix,
      OVERDUE_ALERTS_PER_RUN,
      this.config.digitalGoods.supplierSlaMinutes,
    );
    const ids = await this.outbox.addOutsideTransaction(
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
  return envelope.data ? { ...envelope.data, timestamp: envelope.timestamp ?? envelope.data.timestamp } : envelope;
}

async function asWebhook(event: SupplierOrderEvent, order: SupplierOrderAnswer, orderId: string): Promise<SupplierWebhookDto> {
  const webhook = {
    event,
    timestamp: order.timestamp ?? order.updated_at,
    data: { order_id: order.order_id ?? null, reference: orderId, status: order.status, items: order.items },
  };
  // Its items as the supplier's API has them may carry codes under other names: only the known fields are kept.
  const body = await validatedPayload(SupplierWebhookDto, supplierKnownFields(webhook), 'supplier answer');
  const problem = supplierPayloadProblem(body);
  if (problem) throw new Error(`supplier answer is not valid: ${problem}`);
  return body;
}
