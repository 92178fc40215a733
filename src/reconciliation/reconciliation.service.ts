import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { RunLock, RunLocksRepository } from '../database/run-locks.repository.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { WebhookEventSource } from '../webhooks/inbox/webhook-event.entity.js';
import { WebhookInboxService } from '../webhooks/inbox/webhook-inbox.service.js';
import { ReconciliationChecksRepository } from './reconciliation-checks.repository.js';
import { type ReconciliationSource, ReconciliationSourceProvider } from './reconciliation-source.js';

export interface ReconciliationReport {
  /** True when another replica was running it; nothing was done here. */
  skipped: boolean;
  checked: number;
  /** Synthetic events accepted into the inbox: webhooks that had been missed. */
  recovered: number;
  /** Lookups whose provider did not answer usefully; the subject stays as it was. */
  failed: number;
  /** Ops alerts written about subjects past their provider's deadline. */
  overdueAlerts: number;
}

/**
 * The polling fallback for lost webhooks: asks each provider's status API
 * about subjects still waiting for it, and puts what it learns into the same
 * inbox as a synthetic event (source `reconciliation`), so it goes through the
 * same dedupe, handlers and transitions as the webhook would have. One
 * replica at a time runs it (a Postgres session advisory lock).
 */
@Injectable()
export class ReconciliationService implements OnModuleInit {
  private readonly logger = new Logger(ReconciliationService.name);
  private sources: ReconciliationSource[] = [];

  constructor(
    private readonly locks: RunLocksRepository,
    private readonly discovery: DiscoveryService,
    private readonly checks: ReconciliationChecksRepository,
    private readonly inbox: WebhookInboxService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /** The sources the provider modules declare, in a stable order: the call budget serves them in turn. */
  onModuleInit(): void {
    this.sources = this.discovery
      .getProviders({ metadataKey: ReconciliationSourceProvider.KEY })
      .map((wrapper) => wrapper.instance as ReconciliationSource)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async run(): Promise<ReconciliationReport> {
    try {
      const run = await this.locks.withRunLock(RunLock.Reconciliation, async () => {
        const report = await this.reconcile();
        this.metrics.reconciliationRun('completed');
        return report;
      });
      if (run.locked) return run.result;
      this.metrics.reconciliationRun('skipped');
      return { skipped: true, checked: 0, recovered: 0, failed: 0, overdueAlerts: 0 };
    } catch (error) {
      this.metrics.reconciliationRun('failed');
      throw error;
    }
  }

  private async reconcile(): Promise<ReconciliationReport> {
    const report: ReconciliationReport = { skipped: false, checked: 0, recovered: 0, failed: 0, overdueAlerts: 0 };
    let budget = this.config.reconciliation.maxCallsPerRun;
    for (const source of this.sources) {
      report.overdueAlerts += (await source.alertOverdue?.()) ?? 0;
      if (budget <= 0 || !source.enabled()) continue;
      for (const subject of await source.candidates(budget)) {
        budget -= 1;
        report.checked += 1;
        const outcome = await this.reconcileOne(source, subject);
        if (outcome === 'recovered') report.recovered += 1;
        if (outcome === 'error') report.failed += 1;
      }
    }
    if (report.checked > 0 || report.overdueAlerts > 0) this.logger.log(`reconciliation: ${JSON.stringify(report)}`);
    return report;
  }

  /** One subject; a provider that fails leaves the subject as it is and the run goes on. */
  private async reconcileOne(source: ReconciliationSource, subject: string): Promise<'recovered' | 'unchanged' | 'error'> {
    let outcome: 'recovered' | 'unchanged' | 'error';
    let result: string;
    try {
      const lookup = await source.lookup(subject);
      if ('nothing' in lookup) {
        [outcome, result] = ['unchanged', lookup.nothing];
      } else {
        const receipt = await this.inbox.accept({ ...lookup.entry, source: WebhookEventSource.Reconciliation });
        outcome = receipt.status === 'accepted' ? 'recovered' : 'unchanged';
        result = `${lookup.entry.eventType}: ${receipt.status} (event ${receipt.eventId})`;
      }
    } catch (error) {
      [outcome, result] = ['error', (error as Error).message];
      this.logger.warn(`reconciliation of ${source.name} ${subject} failed: ${result}`);
    }
    this.metrics.reconciliationLookup(source.name, outcome);
    await this.checks.record(source.name, subject, result);
    return outcome;
  }
}
