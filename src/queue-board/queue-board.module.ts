import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bull';
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import type { RequestHandler } from 'express';
import { AppConfig } from '../config/app-config.js';
import { INTEGRATION_QUEUE } from '../integration-events/integration-delivery-queue.js';
import { NOTIFICATIONS_QUEUE } from '../notifications/notification-queue.js';
import { SUPPLIER_ORDERS_QUEUE } from '../supplier/supplier-order-placement-queue.js';
import { WEBHOOK_EVENTS_QUEUE } from '../webhooks/processing/webhook-queue.js';
import { queueBoardAuth } from './queue-board-auth.js';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

/** Every Bull queue of the service, as the board lists them. */
export const BOARD_QUEUES = [WEBHOOK_EVENTS_QUEUE, NOTIFICATIONS_QUEUE, INTEGRATION_QUEUE, SUPPLIER_ORDERS_QUEUE] as const;

/**
 * Bull Board at /admin/queues, behind the admin key; loaded by replicas that
 * serve HTTP only. Read-only: Postgres holds each job's status, so retries,
 * dead letters and replays go through the admin API, never through Redis
 * behind its back. Mounted with @bull-board/express directly: @bull-board/nestjs
 * (CommonJS) cannot require Nest 12's ES modules under Jest's ESM runtime.
 */
@Module({})
export class QueueBoardModule implements NestModule {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_ROUTE);
    createBullBoard({
      queues: BOARD_QUEUES.map(
        (name) => new BullAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }), { readOnlyMode: true }),
      ),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Webhook service queues' } },
    });
    consumer.apply(queueBoardAuth(this.config.adminApiKey), serverAdapter.getRouter() as RequestHandler).forRoutes(QUEUE_BOARD_ROUTE);
  }
}
