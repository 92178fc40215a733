import { Module } from '@nestjs/common';
import { RunLocksRepository } from './run-locks.repository.js';
import { TransactionsRepository } from './transactions.repository.js';

/** What services need of the database beyond their tables' repositories: opening a transaction, running under a lock. */
@Module({
  providers: [TransactionsRepository, RunLocksRepository],
  exports: [TransactionsRepository, RunLocksRepository],
})
export class DatabaseModule {}
