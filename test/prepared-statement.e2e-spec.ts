import { DataSource, QueryFailedError } from 'typeorm';
import { preparedStatement, queryPrepared } from '../src/common/database/prepared-statement.js';
import { TestDatabase } from './support/test-database.js';

const INSERT = preparedStatement('test.insert_note', 'INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id');
const COUNT = preparedStatement('test.count_notes', 'SELECT count(*)::int AS notes FROM notes');

// What Postgres holds prepared on the connection asking, and how often each statement ran.
const PREPARED = 'SELECT name, generic_plans + custom_plans AS runs FROM pg_prepared_statements ORDER BY name';

describe('prepared statements (queryPrepared)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await TestDatabase.create();
    // One connection: every transaction runs on the connection the one before prepared on.
    dataSource = new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(() => dataSource.query('TRUNCATE notes'));

  it('prepares a statement once per connection and runs it by name in every transaction after', async () => {
    for (const id of [1, 2, 3]) {
      const rows = await dataSource.transaction((manager) => queryPrepared<{ id: number }>(manager, INSERT, [id, `note ${id}`]));
      expect(rows).toEqual([{ id }]);
    }
    const prepared = await dataSource.transaction((manager) => manager.query(PREPARED));
    expect(prepared).toEqual([{ name: 'test.insert_note', runs: '3' }]);
  });

  it('runs on the connection of the manager’s transaction: it sees its writes, and its own roll back with it', async () => {
    const seen = dataSource.transaction(async (manager) => {
      await manager.query("INSERT INTO notes (id, body) VALUES (10, 'uncommitted')");
      const [{ notes }] = await queryPrepared<{ notes: number }>(manager, COUNT, []);
      await queryPrepared(manager, INSERT, [11, 'rolled back']);
      throw new Error(`saw ${notes}`);
    });
    await expect(seen).rejects.toThrow('saw 1');
    expect(await dataSource.query('SELECT count(*)::int AS notes FROM notes')).toEqual([{ notes: 0 }]);
  });

  it('fails as manager.query does: a QueryFailedError with the SQL state and the bound values', async () => {
    const failed = dataSource.transaction(async (manager) => {
      await queryPrepared(manager, INSERT, [20, 'first']);
      await queryPrepared(manager, INSERT, [20, 'again']);
    });
    await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failed).rejects.toMatchObject({ code: '23505', query: INSERT.text, parameters: [20, 'again'] });
  });

  it('prepares again a statement whose first preparation failed, once what it needs is there', async () => {
    const later = preparedStatement('test.count_later', 'SELECT count(*)::int AS rows FROM later');
    const count = () => dataSource.transaction((manager) => queryPrepared<{ rows: number }>(manager, later, []));
    await expect(count()).rejects.toMatchObject({ code: '42P01' });
    await dataSource.query('CREATE TABLE later (id int)');
    await expect(count()).resolves.toEqual([{ rows: 0 }]);
  });

  it('refuses a manager outside a transaction, which has no connection of its own to prepare on', async () => {
    await expect(queryPrepared(dataSource.manager, COUNT, [])).rejects.toThrow('test.count_notes runs in a transaction');
  });

  it('refuses a name declared again with another text, and takes the same text again', () => {
    expect(preparedStatement('test.count_notes', COUNT.text)).toEqual(COUNT);
    expect(() => preparedStatement('test.count_notes', 'SELECT 1')).toThrow('declared with two texts');
  });
});
