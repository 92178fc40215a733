import { preparedStatement, queryPrepared } from '../common/database/prepared-statement.js';
import { tryJobId } from '../common/queue/try-job-id.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Not, type Repository } from 'typeorm';
import { IntegrationDelivery, IntegrationDeliveryStatus } from './integration-delivery.entity.js';
import { IntegrationEvent } from './integration-event.entity.js';
import { IntegrationSubscriberState } from './integration-subscriber-state.entity.js';

// The subject's next sequence number is taken in the writer's transaction; the domain row it locked
// (the order, the points balance) keeps two writers of one subject apart, and the unique index backs that.
const INSERT_EVENT = preparedStatement(
  'integration_events.insert_event',
  `INSERT INTO integration_events (dedupe_key, type, subject, order_id, sequence, data, source_event_id)
  SELECT $1::varchar, $2::varchar, $3::varchar, $4::varchar, coalesce(max(sequence), 0) + 1, $5::jsonb, $6::uuid
  FROM integration_events WHERE subject = $3::varchar
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING id`,
);

const INSERT_DELIVERIES = `
  INSERT INTO integration_deliveries (event_id, subscriber)
  SELECT $1, unnest($2::varchar[])
  ON CONFLICT (event_id, subscriber) DO NOTHING
  RETURNING id`;

// Deliveries due for a while with no one sending them: their job was never queued or was lost.
const ORPHANS = `
  SELECT id, attempts FROM integration_deliveries
  WHERE status IN ('pending', 'failed') AND next_attempt_at < now() - make_interval(secs => $1)
  ORDER BY next_attempt_at
  LIMIT $2`;

const BACKLOG = `
  SELECT subscriber, count(*)::int AS deliveries, extract(epoch FROM now() - min(created_at))::float AS "oldestSeconds"
  FROM integration_deliveries
  WHERE status IN ('pending', 'failed')
  GROUP BY subscriber`;

/** A delivery still on its way: not tried yet, or tried and due again. */
export const OPEN_STATUSES = [IntegrationDeliveryStatus.Pending, IntegrationDeliveryStatus.Failed];

export interface NewIntegrationEvent {
  dedupeKey: string;
  type: string;
  subject: string;
  orderId: string | null;
  data: Record<string, unknown>;
  sourceEventId: string | null;
}

/** A delivery with its event, as the sender and the operator API read it. */
export interface DeliveryWithEvent {
  delivery: IntegrationDelivery;
  event: IntegrationEvent;
}

export interface DeliveryFilter {
  status?: IntegrationDeliveryStatus;
  subscriber?: string;
  orderId?: string;
  limit: number;
}

export interface SubscriberBacklog {
  subscriber: string;
  deliveries: number;
  oldestSeconds: number;
}

/**
 * The integration outbox's tables: events, their deliveries, and the
 * subscribers' run-time state. Deliveries change status only from where
 * they are expected to be, so a stale job changes nothing.
 */
@Injectable()
export class IntegrationEventsRepository {
  constructor(
    @InjectRepository(IntegrationDelivery) private readonly deliveries: Repository<IntegrationDelivery>,
    @InjectRepository(IntegrationEvent) private readonly events: Repository<IntegrationEvent>,
    @InjectRepository(IntegrationSubscriberState) private readonly subscribers: Repository<IntegrationSubscriberState>,
  ) {}

  /** In the caller's transaction; undefined when the event is there already (its cause ran again). */
  async insertEvent(manager: EntityManager, event: NewIntegrationEvent): Promise<string | undefined> {
    const rows = await queryPrepared<{ id: string }>(manager, INSERT_EVENT, [
      event.dedupeKey,
      event.type,
      event.subject,
      event.orderId,
      JSON.stringify(event.data),
      event.sourceEventId,
    ]);
    return rows[0]?.id;
  }

  async insertDeliveries(manager: EntityManager, eventId: string, subscribers: string[]): Promise<string[]> {
    if (subscribers.length === 0) return [];
    const rows = await manager.query<Array<{ id: string }>>(INSERT_DELIVERIES, [eventId, subscribers]);
    return rows.map((row) => row.id);
  }

  async findWithEvent(deliveryId: string): Promise<DeliveryWithEvent | undefined> {
    const delivery = await this.deliveries.findOneBy({ id: deliveryId });
    if (!delivery) return undefined;
    const event = await this.events.findOneBy({ id: delivery.eventId });
    return event ? { delivery, event } : undefined;
  }

  /** Locks the delivery for the rest of the transaction that records a try's outcome. */
  lockDelivery(manager: EntityManager, id: string): Promise<IntegrationDelivery | null> {
    return manager.findOne(IntegrationDelivery, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async saveDelivery(manager: EntityManager, delivery: IntegrationDelivery): Promise<void> {
    await manager.save(delivery);
  }

  /** Sent, if it is still at the try that was made (a stale job's answer changes nothing). */
  async markSent(id: string, attempt: number, httpStatus: number): Promise<boolean> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update(IntegrationDelivery)
      .set({
        status: IntegrationDeliveryStatus.Sent,
        attempts: attempt + 1,
        sentAt: new Date(),
        lastError: null,
        lastHttpStatus: httpStatus,
      })
      .where('id = :id AND attempts = :attempt AND status IN (:...statuses)', { id, attempt, statuses: OPEN_STATUSES })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Due later, without a try counted: the sweeper leaves it alone meanwhile. False when it has moved on. */
  async postpone(id: string, attempt: number, until: Date): Promise<boolean> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update(IntegrationDelivery)
      .set({ nextAttemptAt: until })
      .where('id = :id AND attempts = :attempt AND status IN (:...statuses)', { id, attempt, statuses: OPEN_STATUSES })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Job ids (`<delivery>.<attempts>`) of deliveries due more than minAgeMs ago, most overdue first. */
  async orphanJobIds(minAgeMs: number, limit: number): Promise<string[]> {
    const rows = await this.deliveries.query<Array<{ id: string; attempts: number }>>(ORPHANS, [minAgeMs / 1000, limit]);
    return rows.map((row) => tryJobId(row.id, row.attempts));
  }

  async backlog(): Promise<SubscriberBacklog[]> {
    return this.deliveries.query<SubscriberBacklog[]>(BACKLOG);
  }

  async list(filter: DeliveryFilter): Promise<DeliveryWithEvent[]> {
    const query = this.deliveries
      .createQueryBuilder('delivery')
      .innerJoinAndMapOne('delivery.event', IntegrationEvent, 'event', 'event.id = delivery.eventId')
      .orderBy('delivery.createdAt', 'DESC')
      .take(filter.limit);
    if (filter.status) query.andWhere('delivery.status = :status', { status: filter.status });
    if (filter.subscriber) query.andWhere('delivery.subscriber = :subscriber', { subscriber: filter.subscriber });
    if (filter.orderId) query.andWhere('event.orderId = :orderId', { orderId: filter.orderId });
    const rows = (await query.getMany()) as Array<IntegrationDelivery & { event: IntegrationEvent }>;
    return rows.map(({ event, ...delivery }) => ({ delivery: delivery, event }));
  }

  /** Back to a first try now, if it is dead or sent; false when it is on its way (or gone). */
  async rearm(id: string): Promise<boolean> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update(IntegrationDelivery)
      .set({ status: IntegrationDeliveryStatus.Pending, attempts: 0, nextAttemptAt: () => 'now()', deadAt: null })
      .where('id = :id AND status IN (:...statuses)', { id, statuses: [IntegrationDeliveryStatus.Dead, IntegrationDeliveryStatus.Sent] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  findDelivery(id: string): Promise<IntegrationDelivery | null> {
    return this.deliveries.findOneBy({ id });
  }

  /** When the subscriber was disabled, or null while it is enabled. */
  async disabledAt(name: string): Promise<Date | null> {
    return (await this.subscribers.findOneBy({ name }))?.disabledAt ?? null;
  }

  async subscriberStates(): Promise<IntegrationSubscriberState[]> {
    return this.subscribers.find();
  }

  /** Disables it, in the caller's transaction; false when it was disabled already. */
  async disable(manager: EntityManager, name: string, reason: string, at: Date): Promise<boolean> {
    const rows = await manager.query<Array<{ name: string }>>(
      `INSERT INTO integration_subscribers (name, disabled_at, disabled_reason) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET disabled_at = EXCLUDED.disabled_at, disabled_reason = EXCLUDED.disabled_reason
       WHERE integration_subscribers.disabled_at IS NULL
       RETURNING name`,
      [name, at, reason],
    );
    return rows.length > 0;
  }

  /** Enables it; false when it was not disabled. */
  async enable(name: string): Promise<boolean> {
    const result = await this.subscribers.update({ name, disabledAt: Not(IsNull()) }, { disabledAt: null, disabledReason: null });
    return (result.affected ?? 0) > 0;
  }
}
