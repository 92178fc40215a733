import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { databaseOptions } from './database-options.js';

// Any fixed number: replicas starting together queue on it instead of racing
// through the same migrations.
const MIGRATION_LOCK = 72_410_001;

/** Creates the database named in DATABASE_URL when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      new Logger('Database').log(`created database ${name}`);
    }
  } catch (error) {
    // Another replica may have created it between our check and our CREATE.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/** Brings the schema up to date; safe to call from several replicas at once. */
export async function runMigrations(config: Pick<AppConfig, 'database'>): Promise<void> {
  await ensureDatabase(config.database.url);
  const dataSource = new DataSource({ ...databaseOptions(config), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) new Logger('Database').log(`applied migration ${migration.name}`);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await dataSource.destroy();
  }
}
