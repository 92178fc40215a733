import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bull';
import { WEBHOOK_EVENTS_QUEUE } from '../webhooks/processing/webhook-queue.js';

/** Redis as the queues see it: a PING through the inbox queue's own connection. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) private readonly queue: Queue,
    private readonly health: HealthIndicatorService,
  ) {}

  pingCheck(key: string, timeoutMs: number) {
    return this.health
      .check(key)
      .attempt(async () => {
        await this.queue.client.ping();
      })
      .withTimeout(timeoutMs);
  }
}
