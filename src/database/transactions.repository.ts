import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Opens transactions for services, which never touch the DataSource
 * themselves. The work gets the transaction's EntityManager and hands it to
 * every repository method it calls, so all of them write in the one
 * transaction: it commits when the work resolves, rolls back when it throws.
 */
@Injectable()
export class TransactionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
