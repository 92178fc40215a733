import { DiscoveryService } from '@nestjs/core';
import type { InboxEntry } from '../webhooks/inbox/webhook-inbox.service.js';

/** What a provider's status API said about one subject. */
export type Lookup =
  /** A state change to put in the inbox as a synthetic event. */
  | { entry: Omit<InboxEntry, 'source'> }
  /** Nothing to report, and why (still pending, unknown to the provider). */
  | { nothing: string };

/**
 * One provider whose missed webhooks reconciliation recovers by asking its
 * status API about the subjects (order ids) still waiting for it.
 */
export interface ReconciliationSource {
  /** Its name in reconciliation_checks and in metrics, e.g. `payment`. */
  readonly name: string;
  /** False when its status API is not configured. */
  enabled(): boolean;
  /** Subjects to ask about, least recently checked first. */
  candidates(limit: number): Promise<string[]>;
  /** Throws when the provider does not answer (after retries). */
  lookup(subject: string): Promise<Lookup>;
  /** Alerts ops, once each, about subjects past the provider's deadline; returns how many alerts were written. */
  alertOverdue?(): Promise<number>;
}

/** Marks a provider module's ReconciliationSource; the runner finds every one at start. */
export const ReconciliationSourceProvider = DiscoveryService.createDecorator();
