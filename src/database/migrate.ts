import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { reasonOf, StartupError, withoutPassword } from '../config/startup-error.js';
import { migrationDatabaseOptions } from './database-options.js';

// Any fixed number: replicas starting together queue on it instead of racing
// through the same migrations.
const MIGRATION_LOCK = 72_410_001;

/** Postgres' invalid_catalog_name: the database does not exist. */
const NO_SUCH_DATABASE = '3D000';

/**
 * Creates the database named in DATABASE_URL when the server does not have it
 * yet. The database itself is tried first: a role that may reach only its own
 * database (as managed servers often grant) never needs the server's `postgres`.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== NO_SUCH_DATABASE) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    new Logger('Database').log(`created database ${name}`);
  } catch (error) {
    // Another replica may have created it between our check and our CREATE.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/** Brings the schema up to date; safe to call from several replicas at once. */
export async function runMigrations(config: Pick<AppConfig, 'database'>): Promise<void> {
  const dataSource = new DataSource(migrationDatabaseOptions(config));
  try {
    await ensureDatabase(config.database.url);
    await dataSource.initialize();
  } catch (error) {
    // The operator's to fix: say which setting, never its password.
    throw new StartupError(`cannot use the database at DATABASE_URL=${withoutPassword(config.database.url)}: ${reasonOf(error)}`);
  }
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) new Logger('Database').log(`applied migration ${migration.name}`);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await dataSource.destroy();
  }
}
