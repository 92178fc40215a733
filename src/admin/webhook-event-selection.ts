import type { SelectQueryBuilder } from 'typeorm';
import type { WebhookEvent } from '../webhooks/inbox/webhook-event.entity.js';
import type { WebhookEventFilterDto } from './dto/webhook-event-filter.dto.js';

/** Narrows a query on webhook_events (alias `event`) to what the filter names. */
export function selectEvents(query: SelectQueryBuilder<WebhookEvent>, filter: WebhookEventFilterDto): SelectQueryBuilder<WebhookEvent> {
  const conditions: Array<[unknown, string]> = [
    [filter.provider, 'event.provider = :provider'],
    [filter.eventType, 'event.eventType = :eventType'],
    [filter.status, 'event.status = :status'],
    [filter.source, 'event.source = :source'],
    [filter.orderId, 'event.reference = :orderId'],
    [filter.from, 'event.receivedAt >= :from'],
    [filter.to, 'event.receivedAt < :to'],
  ];
  for (const [value, condition] of conditions) {
    if (value !== undefined) query.andWhere(condition);
  }
  return query.setParameters({ ...filter });
}
