import { Module } from '@nestjs/common';
import { TransactionsRepository } from './transactions.repository.js';

/** What services need of the database beyond their tables' repositories: opening a transaction. */
@Module({
  providers: [TransactionsRepository],
  exports: [TransactionsRepository],
})
export class DatabaseModule {}
