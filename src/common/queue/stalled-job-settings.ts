import type { AppConfig } from '../../config/app-config.js';

/**
 * Bull's recovery of jobs whose worker died mid-job (their lock lapsed): how
 * often each worker looks for them, and how many stalls a job survives before
 * it fails. A job that runs twice is harmless here: handlers are idempotent.
 */
export function stalledJobSettings(config: AppConfig): { stalledInterval: number; maxStalledCount: number } {
  return { stalledInterval: config.queues.stalledIntervalMs, maxStalledCount: config.queues.maxStalledCount };
}
