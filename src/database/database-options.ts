import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { migrations } from '../../migrations/index.js';

/** Connection settings shared by the app, the migration runner and the CLI. */
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
    },
  };
}
