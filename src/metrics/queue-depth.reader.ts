import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job, Queue } from 'bull';
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

  /** Per queue, how long its oldest waiting job has been due (0 when none waits); a queue that does not answer in time is left out. */
  async oldestWaiting(): Promise<Array<{ queue: string; seconds: number }>> {
    const ages = await Promise.all(this.queues.map((queue) => this.oldestWaitingOf(queue)));
    return ages.filter((age) => age !== undefined);
  }

  private async oldestWaitingOf(queue: Queue): Promise<{ queue: string; seconds: number } | undefined> {
    try {
      // Bull lists waiting jobs newest first; start 0 in ascending order is the one waiting longest.
      const [oldest] = await withTimeout(queue.getWaiting(0, 0), REDIS_TIMEOUT_MS, 'queue did not answer in time');
      return { queue: queue.name, seconds: oldest ? secondsSinceDue(oldest) : 0 };
    } catch {
      return undefined;
    }
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

/**
 * Since the job was queued, its delay ran out, or its last try began, whichever
 * is latest: Bull records no time for a retry's move back to waiting, so a
 * retried job's age includes its backoff (over-stated by at most one retry delay).
 */
function secondsSinceDue(job: Job): number {
  const due = Math.max(job.timestamp + (job.opts.delay ?? 0), job.processedOn ?? 0);
  return Math.max(0, (Date.now() - due) / 1000);
}

function isQueue(instance: unknown): instance is Queue {
  const candidate = instance as Partial<Queue> | null | undefined;
  return typeof candidate?.getJobCounts === 'function' && typeof candidate.name === 'string';
}
