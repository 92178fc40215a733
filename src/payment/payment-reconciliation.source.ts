import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PaymentWebhookDto } from './dto/payment-webhook.dto.js';
import { PAYMENT_PROVIDER, type PaymentEvent } from './payment-events.js';
import { paymentDedupeKey } from './payment-dedupe-key.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { ProviderApiClient } from '../reconciliation/provider-api.client.js';
import { ReconciliationChecksRepository } from '../reconciliation/reconciliation-checks.repository.js';
import { type Lookup, type ReconciliationSource, ReconciliationSourceProvider } from '../reconciliation/reconciliation-source.js';
import { validatedPayload } from '../reconciliation/validated-payload.js';

export const PAYMENT_GATEWAY_API = 'payment-gateway-api';

/** The gateway's payment statuses that a webhook would have announced. */
const EVENT_OF_STATUS: Record<string, PaymentEvent> = {
  captured: 'payment.success',
  paid: 'payment.success',
  success: 'payment.success',
  succeeded: 'payment.success',
  failed: 'payment.failed',
};

interface GatewayPayment {
  id?: string;
  payment_id?: string;
  order_id?: string;
  status?: string;
  amount?: number;
  currency?: string;
  method?: string;
  event_id?: string;
  timestamp?: string;
  updated_at?: string;
}

/**
 * Asks the gateway (`GET /payments?order_id=…`) about orders whose payment is
 * still pending. A captured or failed payment becomes the webhook the gateway
 * would have sent, with the same dedupe key, so a late real webhook is a duplicate.
 */
@Injectable()
@ReconciliationSourceProvider()
export class PaymentReconciliationSource implements ReconciliationSource {
  readonly name = PAYMENT_PROVIDER;

  constructor(
    private readonly config: AppConfig,
    private readonly client: ProviderApiClient,
    private readonly checks: ReconciliationChecksRepository,
    private readonly orders: OrdersRepository,
  ) {}

  enabled(): boolean {
    return this.config.providerApis.payment !== undefined;
  }

  candidates(limit: number): Promise<string[]> {
    const { minAgeMs, maxAgeMs } = this.config.reconciliation;
    return this.checks.leastRecentlyChecked(this.name, this.orders.pendingPayments(minAgeMs, maxAgeMs), limit);
  }

  async lookup(orderId: string): Promise<Lookup> {
    const api = this.config.providerApis.payment!;
    const answer = await this.client.get(api, PAYMENT_GATEWAY_API, `/payments?order_id=${encodeURIComponent(orderId)}`);
    if (answer.status === 404) return { nothing: 'unknown to the gateway' };
    const payment = decisive(paymentsIn(answer.body).filter((p) => (p.order_id ?? orderId) === orderId));
    if (!payment) return { nothing: 'no captured or failed payment' };
    const body = await asWebhook(payment, orderId);
    return {
      entry: { provider: PAYMENT_PROVIDER, eventType: body.event, dedupeKey: paymentDedupeKey(body), reference: orderId, payload: body },
    };
  }
}

/** The gateway may answer with a list, a wrapped list or one payment. */
function paymentsIn(body: unknown): GatewayPayment[] {
  if (Array.isArray(body)) return body as GatewayPayment[];
  if (body && typeof body === 'object') {
    const wrapped = ['payments', 'items', 'data'].map((key) => (body as Record<string, unknown>)[key]).find(Array.isArray);
    return (wrapped as GatewayPayment[] | undefined) ?? [body];
  }
  return [];
}

/** A capture settles the order whatever failed before it; otherwise the last failure tells. */
function decisive(payments: GatewayPayment[]): GatewayPayment | undefined {
  const known = payments.filter((p) => EVENT_OF_STATUS[p.status?.toLowerCase() ?? '']);
  return known.find((p) => EVENT_OF_STATUS[p.status!.toLowerCase()] === 'payment.success') ?? known.at(-1);
}

function asWebhook(payment: GatewayPayment, orderId: string): Promise<PaymentWebhookDto> {
  const webhook = {
    event: EVENT_OF_STATUS[payment.status!.toLowerCase()],
    order_id: orderId,
    event_id: payment.event_id,
    payment_id: payment.payment_id ?? payment.id,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    method: payment.method,
    timestamp: payment.timestamp ?? payment.updated_at,
  };
  return validatedPayload(PaymentWebhookDto, webhook, 'gateway answer');
}
