import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { WebhookEventsRepository } from '../webhooks/inbox/webhook-events.repository.js';
import { QueueDepthReader } from './queue-depth.reader.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * What an inbox purge did to an event: deleted it (a finished one past WEBHOOK_RETENTION_DAYS), emptied its
 * payload (the row kept for its dedupe key), or deleted a dead one (an operator's purge).
 */
export type WebhookPurgeKind = 'deleted' | 'payload_emptied' | 'dead_deleted';

/**
 * The service's Prometheus metrics. Each application instance has its own
 * registry (tests run several in one process). Counters are incremented on
 * the hot path and cost a map lookup; queue and dead-letter gauges are read
 * only when Prometheus scrapes.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly received = new Counter({
    name: 'webhooks_received_total',
    help: 'Webhooks received and verified, by provider, event type and outcome (accepted, duplicate, ignored, conflict: a stored key with another body).',
    labelNames: ['provider', 'event_type', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly rejected = new Counter({
    name: 'webhooks_rejected_total',
    help: 'Webhook requests refused before storage, by provider and HTTP status (400, 401, 403, 413, 503).',
    labelNames: ['provider', 'status_code'] as const,
    registers: [this.registry],
  });

  private readonly unknownPaths = new Counter({
    name: 'webhook_unknown_path_total',
    help: 'Requests to webhook paths no endpoint serves (made-up providers), answered 404 unread and unaudited.',
    registers: [this.registry],
  });

  private readonly auditDropped = new Counter({
    name: 'audit_rows_dropped_total',
    help: 'Audit rows dropped because their queue was full (Postgres slow or down), by kind (rejected: of refused requests; kept: all others).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly processed = new Counter({
    name: 'webhook_events_processed_total',
    help: 'Processing tries of inbox events, by provider, event type and outcome (applied, no_effect, failed, dead).',
    labelNames: ['provider', 'event_type', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly processingSeconds = new Histogram({
    name: 'webhook_processing_duration_seconds',
    help: 'Time from receipt to the processed mark of inbox events, by provider.',
    labelNames: ['provider'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    registers: [this.registry],
  });

  private readonly ingestSeconds = new Histogram({
    name: 'webhook_ingest_duration_seconds',
    help: 'Time from a webhook request arriving to its answer (what the provider waits for), by provider; refused requests included.',
    labelNames: ['provider'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly purged = new Counter({
    name: 'webhook_events_purged_total',
    help: 'Inbox events purged, by kind (deleted: processed or ignored past WEBHOOK_RETENTION_DAYS; payload_emptied: the row kept for its dedupe key; dead_deleted: by an operator).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly reconciliationRuns = new Counter({
    name: 'reconciliation_runs_total',
    help: 'Reconciliation runs, by outcome (completed, skipped: another replica held the lock, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly reconciliationLookups = new Counter({
    name: 'reconciliation_lookups_total',
    help: "Calls to providers' status APIs, by source and outcome (recovered, unchanged, error).",
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly notificationsSent = new Counter({
    name: 'notifications_sent_total',
    help: 'Notification sends, by channel (email, sms, slack) and outcome (sent, failed, skipped).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly integrationTries = new Counter({
    name: 'integration_deliveries_total',
    help: 'Integration event delivery tries by subscriber and outcome (sent, failed), and deliveries given up (dead).',
    labelNames: ['subscriber', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly integrationSeconds = new Histogram({
    name: 'integration_delivery_duration_seconds',
    help: 'Time a subscriber took to answer a delivery (or to fail), by subscriber.',
    labelNames: ['subscriber'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers: [this.registry],
  });

  /** Set by the integration events module: its deliveries still on their way, per subscriber. */
  private integrationBacklog: (() => Promise<Array<{ subscriber: string; deliveries: number; oldestSeconds: number }>>) | undefined;

  constructor(
    private readonly queues: QueueDepthReader,
    private readonly events: WebhookEventsRepository,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.registerScrapeGauges();
  }

  webhookReceived(provider: string, eventType: string, outcome: 'accepted' | 'duplicate' | 'ignored' | 'conflict'): void {
    this.received.labels(provider, eventType, outcome).inc();
  }

  webhookRejected(provider: string, statusCode: number): void {
    this.rejected.labels(provider, String(statusCode)).inc();
  }

  webhookUnknownPath(): void {
    this.unknownPaths.inc();
  }

  auditRowsDropped(kind: 'rejected' | 'kept', count = 1): void {
    this.auditDropped.labels(kind).inc(count);
  }

  /** One webhook request answered (accepted or refused), `seconds` after it arrived. */
  webhookAnswered(provider: string, seconds: number): void {
    this.ingestSeconds.labels(provider).observe(seconds);
  }

  eventProcessed(provider: string, eventType: string, outcome: string, receivedAt?: Date): void {
    this.processed.labels(provider, eventType, outcome).inc();
    if (receivedAt) this.processingSeconds.labels(provider).observe((Date.now() - receivedAt.getTime()) / 1000);
  }

  webhookEventsPurged(kind: WebhookPurgeKind, count: number): void {
    this.purged.labels(kind).inc(count);
  }

  reconciliationRun(outcome: 'completed' | 'skipped' | 'failed'): void {
    this.reconciliationRuns.labels(outcome).inc();
  }

  reconciliationLookup(source: string, outcome: 'recovered' | 'unchanged' | 'error'): void {
    this.reconciliationLookups.labels(source, outcome).inc();
  }

  /** For the notification channels: one call per send attempt. */
  notificationSent(channel: string, outcome: 'sent' | 'failed' | 'skipped'): void {
    this.notificationsSent.labels(channel, outcome).inc();
  }

  /** One try of an integration delivery: its outcome and how long the subscriber took. */
  integrationDeliveryTry(subscriber: string, outcome: 'sent' | 'failed', latencyMs: number): void {
    this.integrationTries.labels(subscriber, outcome).inc();
    this.integrationSeconds.labels(subscriber).observe(latencyMs / 1000);
  }

  integrationDeliveryDead(subscriber: string): void {
    this.integrationTries.labels(subscriber, 'dead').inc();
  }

  /** Where the backlog gauges read from at scrape time (the metrics module cannot import the integration one: it imports it). */
  readIntegrationBacklogFrom(source: () => Promise<Array<{ subscriber: string; deliveries: number; oldestSeconds: number }>>): void {
    this.integrationBacklog = source;
  }

  /**
   * Registers the readiness gauge, read from `source` at scrape time. The health module calls
   * it (it imports this module, not the reverse); until then there is no gauge, rather than a 0.
   */
  readReadinessFrom(source: () => Promise<boolean>): void {
    new Gauge({
      name: 'health_ready',
      help: 'Whether this replica is ready (1) or not (0): what /health/ready answers (Postgres and Redis answer), read at scrape time.',
      registers: [this.registry],
      async collect() {
        this.set((await source()) ? 1 : 0);
      },
    });
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  private registerScrapeGauges(): void {
    const reader = this.queues;
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per Bull queue and state (waiting, active, delayed, failed), read at scrape time.',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const depth of await reader.read()) {
          for (const state of QUEUE_STATES) this.labels(depth.queue, state).set(depth[state]);
        }
      },
    });
    new Gauge({
      name: 'queue_oldest_waiting_seconds',
      help: 'Per Bull queue, how long its oldest waiting job has been due (0 when none waits), read at scrape time.',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { queue, seconds } of await reader.oldestWaiting()) this.labels(queue).set(seconds);
      },
    });
    const events = this.events;
    new Gauge({
      name: 'webhook_dead_letters',
      help: 'Inbox events dead-lettered and not replayed, by provider (all replicas), read at scrape time.',
      labelNames: ['provider'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await events.deadLettersByProvider()) this.labels(row.provider).set(row.dead);
      },
    });
    const backlog = () => this.integrationBacklog?.() ?? Promise.resolve([]);
    new Gauge({
      name: 'integration_backlog_deliveries',
      help: 'Integration deliveries not sent yet (pending or retrying), by subscriber, read at scrape time.',
      labelNames: ['subscriber'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await backlog()) this.labels(row.subscriber).set(row.deliveries);
      },
    });
    new Gauge({
      name: 'integration_backlog_age_seconds',
      help: 'Age of the oldest integration delivery not sent yet, by subscriber, read at scrape time.',
      labelNames: ['subscriber'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await backlog()) this.labels(row.subscriber).set(row.oldestSeconds);
      },
    });
  }
}
