import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The credentials of the app's default DATABASE_URL (postgres:postgres), so that `npm test` runs
 * wherever `npm start` does: on a server with password auth too (the postgres image's default,
 * Debian's for TCP), not only with trust auth, where the password is ignored.
 */
const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/** A database of its own for one test file, so runs and files never collide. */
export class TestDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly serverUrl: string,
  ) {}

  /** On the shared test server, or on the server at `serverUrl` (a throwaway one). */
  static async create(serverUrl = SERVER_URL): Promise<TestDatabase> {
    const name = `webhooks_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return new TestDatabase(name, url.toString(), serverUrl);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await adminQuery(this.serverUrl, `DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
