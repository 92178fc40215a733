import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

// One statement per entity, built on first use.
const statements = new WeakMap<EntityMetadata, string>();

/**
 * `SELECT … FOR UPDATE` of one row by its primary key, in the manager's
 * transaction, hydrated as findOne would (the driver's conversions, the
 * columns' transformers). findOne builds and rewrites its SQL on every call,
 * which was a tenth of the worker's CPU on the hot path; this builds it once.
 * For plain entities: one primary column, no relations or embedded columns.
 */
export async function lockById<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, id: string): Promise<T | null> {
  const metadata = manager.connection.getMetadata(target);
  const rows = await manager.query<Array<Record<string, unknown>>>(statementOf(manager, metadata), [id]);
  if (rows.length === 0) return null;
  const entity = metadata.create() as T;
  const { driver } = manager.connection;
  for (const column of metadata.columns) {
    column.setEntityValue(entity, driver.prepareHydratedValue(rows[0][column.databaseName], column));
  }
  return entity;
}

function statementOf(manager: EntityManager, metadata: EntityMetadata): string {
  let sql = statements.get(metadata);
  if (!sql) {
    const { driver } = manager.connection;
    const columns = metadata.columns.map((column) => driver.escape(column.databaseName)).join(', ');
    const [primary] = metadata.primaryColumns;
    const table = [metadata.schema, metadata.tableName]
      .filter((part) => part !== undefined)
      .map((part) => driver.escape(part))
      .join('.');
    sql = `SELECT ${columns} FROM ${table} WHERE ${driver.escape(primary.databaseName)} = $1 FOR UPDATE`;
    statements.set(metadata, sql);
  }
  return sql;
}
