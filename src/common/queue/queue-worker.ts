import type { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { runInJobLogContext } from '../logging/job-log-context.js';
import { inJobSpan, type TraceCarrier } from '../tracing/trace-carrier.js';

/**
 * A Bull worker whose concurrency comes from configuration, hence
 * queue.process rather than the static @Process decorator. Register it only
 * where APP_ROLE runs workers. Each job logs in a context of its own, and
 * runs in a span continuing the trace its data carries (see trace-carrier.ts).
 */
export abstract class QueueWorker<T extends { trace?: TraceCarrier }> implements OnApplicationBootstrap {
  protected abstract readonly logger: Logger;

  protected constructor(
    private readonly queue: Queue<T>,
    private readonly jobName: string,
    private readonly concurrency: number,
  ) {}

  abstract process(job: Job<T>): Promise<void>;

  onApplicationBootstrap(): void {
    this.queue
      .process(this.jobName, this.concurrency, (job) =>
        runInJobLogContext(() => inJobSpan(this.jobName, job.data.trace, { 'bull.job_id': String(job.id) }, () => this.process(job))),
      )
      .catch((error: Error) => this.logger.error(`${this.jobName} worker stopped: ${error.message}`));
  }
}

/** Whether the try that just failed was the job's last. */
export function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
