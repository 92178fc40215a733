import { DataSource } from 'typeorm';
import { migrations } from '../migrations/index.js';
import { TestApp } from './support/test-app.js';

describe('migrations (a fresh Postgres database)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(() => app?.stop());

  it('build exactly the schema the entities declare: the schema builder finds nothing to change', async () => {
    const pending = await app.app.get(DataSource).driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('revert one by one down to an empty schema, and apply again', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: app.db.url, migrations, migrationsTableName: 'migrations' });
    await dataSource.initialize();
    try {
      for (const _ of migrations) await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await dataSource.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'");
      expect(tables).toEqual([]);
      expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(migrations.length);
    } finally {
      await dataSource.destroy();
    }
  });
});
