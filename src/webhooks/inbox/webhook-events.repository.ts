import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WebhookEvent } from './webhook-event.entity.js';

/** Read side of the inbox for domains: the events about one of their objects. */
@Injectable()
export class WebhookEventsRepository {
  constructor(@InjectRepository(WebhookEvent) private readonly events: Repository<WebhookEvent>) {}

  forReference(reference: string): Promise<WebhookEvent[]> {
    return this.events.find({ where: { reference }, order: { receivedAt: 'ASC' } });
  }
}
