import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Queue } from 'bull';
import { withTimeout } from '../common/async/with-timeout.js';

export interface QueueDepth {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

const REDIS_TIMEOUT_MS = 1000;

/**
 * Job counts of every Bull queue the application registers, found at start,
 * so a module that adds a queue is reported without telling anyone.
 */
@Injectable()
export class QueueDepthReader implements OnApplicationBootstrap {
  private queues: Queue[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const byName = new Map<string, Queue>();
    for (const { instance } of this.discovery.getProviders()) {
      if (isQueue(instance) && !byName.has(instance.name)) byName.set(instance.name, instance);
    }
    this.queues = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One entry per queue; a queue whose Redis does not answer in time is left out rather than holding the caller. */
  async read(): Promise<QueueDepth[]> {
    const depths = await Promise.all(this.queues.map((queue) => this.depthOf(queue)));
    return depths.filter((depth): depth is QueueDepth => depth !== undefined);
  }

  private async depthOf(queue: Queue): Promise<QueueDepth | undefined> {
    try {
      const counts = await withTimeout(queue.getJobCounts(), REDIS_TIMEOUT_MS, 'queue did not answer in time');
      const { waiting, active, delayed, failed } = counts;
      return { queue: queue.name, waiting, active, delayed, failed };
    } catch {
      return undefined;
    }
  }
}

function isQueue(instance: unknown): instance is Queue {
  const candidate = instance as Partial<Queue> | null | undefined;
  return typeof candidate?.getJobCounts === 'function' && typeof candidate.name === 'string';
}
