import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

// Any fixed number, distinct from the migration lock.
const RECONCILIATION_LOCK = 72_410_002;

const TRY_LOCK = 'SELECT pg_try_advisory_lock($1) AS locked';
const UNLOCK = 'SELECT pg_advisory_unlock($1)';

/** What a run under the lock gave: its result, or nothing when another replica held the lock. */
export type LockedRun<T> = { locked: true; result: T } | { locked: false };

/**
 * The Postgres session advisory lock that lets one replica at a time run
 * reconciliation. A session lock belongs to a connection, so it is taken and
 * given back on one connection held for the whole run.
 */
@Injectable()
export class ReconciliationLockRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs work holding the lock; when another replica holds it, runs nothing. The lock is given back however work ends. */
  async withRunLock<T>(work: () => Promise<T>): Promise<LockedRun<T>> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(TRY_LOCK, [RECONCILIATION_LOCK])) as Array<{ locked: boolean }>;
      if (!locked) return { locked: false };
      try {
        return { locked: true, result: await work() };
      } finally {
        await runner.query(UNLOCK, [RECONCILIATION_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}
