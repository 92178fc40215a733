import type { AppConfig } from '../../config/app-config.js';

/**
 * Bull's recovery of jobs whose worker died mid-job: how long a job's lock
 * lasts unrenewed, how often each worker looks for lapsed locks, and how
 * many stalls a job survives before it fails. A job that runs twice is
 * harmless here: handlers are idempotent.
 */
export function stalledJobSettings(config: AppConfig): { lockDuration: number; stalledInterval: number; maxStalledCount: number } {
  const { lockDurationMs, stalledIntervalMs, maxStalledCount } = config.queues;
  return { lockDuration: lockDurationMs, stalledInterval: stalledIntervalMs, maxStalledCount };
}
