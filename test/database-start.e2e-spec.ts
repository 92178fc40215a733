import pg from 'pg';
import { runMigrations } from '../src/database/migrate.js';
import { ThrowawayPostgres } from './support/throwaway-postgres.js';

/** What the app does with DATABASE_URL at start, on a Postgres server of the test's own (it changes who may connect where). */
describe('database at start', () => {
  let postgres: ThrowawayPostgres;

  beforeAll(async () => {
    postgres = await ThrowawayPostgres.start();
  });

  afterAll(async () => {
    await postgres?.destroy();
  });

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const urlOf = (user: string, database: string) => `postgres://${user}@127.0.0.1:${postgres.port}/${database}`;
  const settings = (url: string) => ({ database: { url, poolSize: 2, connectTimeoutMs: 3_000, queryTimeoutMs: 5_000 } });
  const tablesOf = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map(
        (row) => row.tablename,
      );
    } finally {
      await client.end();
    }
  };

  it('creates the database when the server does not have it, then migrates it', async () => {
    await runMigrations(settings(urlOf('postgres', 'fresh_hooks')));
    expect(await tablesOf(urlOf('postgres', 'fresh_hooks'))).toContain('webhook_events');
  });

  // Managed Postgres often gives the app a role that may reach its own database only.
  it('starts with a role that may connect to its own database but not to the server’s postgres database', async () => {
    await admin('CREATE ROLE hooks_app LOGIN');
    await admin('CREATE DATABASE hooks_app_db OWNER hooks_app');
    await admin('REVOKE CONNECT ON DATABASE postgres FROM PUBLIC');

    await runMigrations(settings(urlOf('hooks_app', 'hooks_app_db')));
    expect(await tablesOf(urlOf('hooks_app', 'hooks_app_db'))).toContain('webhook_events');
  });
});
