import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WebhookEndpointMetadata } from './webhook-provider.js';
import { WebhookEventOutcome, type WebhookEvent } from './inbox/webhook-event.entity.js';

export interface WebhookHandlerContext<P extends object> {
  event: WebhookEvent<P>;
  /** The transaction that also marks the event processed: write through it only. */
  manager: EntityManager;
  /** Work to start once the transaction has committed, e.g. enqueueing outbox rows. */
  afterCommit: (task: () => Promise<unknown>) => void;
}

export interface HandlerResult {
  outcome: WebhookEventOutcome;
  note?: string;
}

export type WebhookHandler<P extends object = Record<string, unknown>> = (context: WebhookHandlerContext<P>) => Promise<HandlerResult>;

/**
 * Runs inside the transaction that marks an event dead, e.g. to alert ops
 * through the outbox; `afterCommit` as for handlers (queue the outbox rows).
 */
export type DeadLetterListener = (
  event: WebhookEvent,
  manager: EntityManager,
  afterCommit: WebhookHandlerContext<object>['afterCommit'],
) => Promise<void>;

/** A delivery that reused a stored event's dedupe key with another body: not stored, not applied. */
export interface DedupeConflict {
  /** The stored event whose key was reused. */
  eventId: string;
  provider: string;
  eventType: string;
  reference: string | null;
  /** How many such deliveries the stored event has had, this one included. */
  conflicts: number;
}

/** Told of each dedupe conflict after the inbox has counted it, e.g. to alert ops. */
export type ConflictListener = (conflict: DedupeConflict) => Promise<void>;

export const applied = (note?: string): HandlerResult => ({ outcome: WebhookEventOutcome.Applied, note });
export const noEffect = (note: string): HandlerResult => ({ outcome: WebhookEventOutcome.NoEffect, note });

/**
 * Where domain modules plug in: each registers the handlers of its provider's
 * event types, so the webhook core dispatches without knowing any domain.
 */
@Injectable()
export class WebhookHandlerRegistry {
  private readonly handlers = new Map<string, WebhookHandler>();
  private readonly deadLetterListeners: DeadLetterListener[] = [];
  private readonly conflictListeners: ConflictListener[] = [];
  private readonly endpoints = new Map<string, WebhookEndpointMetadata>();

  /** Remembers what a provider's endpoint accepts and how it is signed (found at start by the explorer). */
  declareEndpoint(endpoint: WebhookEndpointMetadata): void {
    this.endpoints.set(endpoint.provider, endpoint);
  }

  endpoint(provider: string): WebhookEndpointMetadata | undefined {
    return this.endpoints.get(provider);
  }

  register<P extends object>(provider: string, handlers: Record<string, WebhookHandler<P>>): void {
    for (const [eventType, handler] of Object.entries(handlers)) {
      const key = `${provider}/${eventType}`;
      if (this.handlers.has(key)) throw new Error(`a handler for ${key} is registered twice`);
      this.handlers.set(key, handler as unknown as WebhookHandler);
    }
  }

  /** The providers that registered handlers, e.g. `payment`. */
  get providers(): string[] {
    return [...new Set([...this.handlers.keys()].map((key) => key.split('/')[0]))];
  }

  resolve(provider: string, eventType: string): WebhookHandler | undefined {
    return this.handlers.get(`${provider}/${eventType}`);
  }

  onDeadLetter(listener: DeadLetterListener): void {
    this.deadLetterListeners.push(listener);
  }

  onConflict(listener: ConflictListener): void {
    this.conflictListeners.push(listener);
  }

  async notifyConflict(conflict: DedupeConflict): Promise<void> {
    for (const listener of this.conflictListeners) await listener(conflict);
  }

  async notifyDeadLetter(
    event: WebhookEvent,
    manager: EntityManager,
    afterCommit: WebhookHandlerContext<object>['afterCommit'],
  ): Promise<void> {
    for (const listener of this.deadLetterListeners) await listener(event, manager, afterCommit);
  }
}
