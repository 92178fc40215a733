import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { migrations } from '../../migrations/index.js';

/** Connection settings of the app; migrations use migrationDatabaseOptions. */
export function databaseOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: {
      max: config.database.poolSize,
      connectionTimeoutMillis: config.database.connectTimeoutMs,
      // Client-side: a Postgres that hangs without closing its connections must
      // turn into a 503 the provider retries, not a request that never ends.
      query_timeout: config.database.queryTimeoutMs,
    },
  };
}

/**
 * For running and generating migrations: one connection (it holds the
 * migration advisory lock) and no query timeout, since DDL on a large table
 * and the wait for another replica's migrations may both take long.
 */
export function migrationDatabaseOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  return { ...databaseOptions(config), extra: { max: 1, connectionTimeoutMillis: config.database.connectTimeoutMs } };
}
