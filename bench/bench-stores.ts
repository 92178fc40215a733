import { Redis } from 'ioredis';
import pg from 'pg';
import { BENCH_ORDER_PREFIX } from './signed-events.js';

/** The bench's own database and queue prefix on the shared Postgres and Redis; dropped at the end. */
export class BenchStores {
  private readonly pool: pg.Pool;

  private constructor(
    private readonly serverUrl: string,
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly redisUrl: string,
    readonly queuePrefix: string,
  ) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  static async create(serverUrl: string, redisUrl: string, runId: string): Promise<BenchStores> {
    const name = `webhooks_bench_${runId}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return new BenchStores(serverUrl, name, url.toString(), redisUrl, `bench-${runId}`);
  }

  /** Empties the inbox and the queue, so each server starts from the same state. */
  async reset(): Promise<void> {
    await this.pool.query('TRUNCATE webhook_events CASCADE');
    await this.pool.query('VACUUM ANALYZE webhook_events');
    await this.deleteQueueKeys();
  }

  async createOrders(count: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO orders (id, amount, currency, kind)
       SELECT $1 || g, 2499.00, 'INR', 'physical' FROM generate_series(0, $2 - 1) g
       ON CONFLICT DO NOTHING`,
      [BENCH_ORDER_PREFIX, count],
    );
  }

  async countEvents(): Promise<{ stored: number; processed: number }> {
    const { rows } = await this.pool.query<{ stored: string; processed: string }>(
      `SELECT count(*) AS stored, count(*) FILTER (WHERE status = 'processed') AS processed FROM webhook_events`,
    );
    return { stored: Number(rows[0].stored), processed: Number(rows[0].processed) };
  }

  async drop(): Promise<void> {
    await this.pool.end();
    await this.deleteQueueKeys();
    await adminQuery(this.serverUrl, `DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`);
  }

  private async deleteQueueKeys(): Promise<void> {
    const redis = new Redis(this.redisUrl);
    try {
      const keys = await redis.keys(`${this.queuePrefix}:*`);
      for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    } finally {
      redis.disconnect();
    }
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  await admin.query(sql).finally(() => admin.end());
}
