import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The Postgres advisory lock keys of the jobs one replica at a time runs; any fixed numbers, distinct from the migration lock. */
export enum RunLock {
  Reconciliation = 72_410_002,
  WebhookRetention = 72_410_003,
}

const TRY_LOCK = 'SELECT pg_try_advisory_lock($1) AS locked';
const UNLOCK = 'SELECT pg_advisory_unlock($1)';

/** What a run under the lock gave: its result, or nothing when another replica held the lock. */
export type LockedRun<T> = { locked: true; result: T } | { locked: false };

/**
 * The Postgres session advisory locks that let one replica at a time run a
 * scheduled job (reconciliation, the inbox purge). A session lock belongs to
 * a connection, so it is taken and given back on one connection held for the
 * whole run.
 */
@Injectable()
export class RunLocksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs work holding the lock; when another replica holds it, runs nothing. The lock is given back however work ends. */
  async withRunLock<T>(lock: RunLock, work: () => Promise<T>): Promise<LockedRun<T>> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(TRY_LOCK, [lock])) as Array<{ locked: boolean }>;
      if (!locked) return { locked: false };
      try {
        return { locked: true, result: await work() };
      } finally {
        await runner.query(UNLOCK, [lock]);
      }
    } finally {
      await runner.release();
    }
  }
}
