import type { PoolClient, QueryResultRow } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

/**
 * A statement run by name. pg prepares it the first time a pooled connection
 * runs it and binds it by name afterwards, so Postgres parses and plans it
 * once per connection, where TypeORM's unnamed statements are parsed and
 * planned on every run (a large part of Postgres's CPU per webhook event).
 *
 * A name stands for one text for the life of every connection that prepared
 * it, so both are fixed when the module loads. The text names its columns
 * (no `*`): a migration that adds a column then leaves the prepared result
 * shape as it was, where Postgres would refuse to run a changed one.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const texts = new Map<string, string>();

/** Declares a statement; a name already declared with another text throws at once, not on some connection later. */
export function preparedStatement(name: string, text: string): PreparedStatement {
  const known = texts.get(name);
  if (known !== undefined && known !== text) throw new Error(`prepared statement ${name} is declared with two texts`);
  texts.set(name, text);
  return { name, text };
}

/**
 * Runs the statement on the connection of the manager's transaction and
 * returns its rows. Errors come out as TypeORM's QueryFailedError, as from
 * manager.query, so the logs redact its bound values the same way.
 */
export async function queryPrepared<R extends QueryResultRow>(
  manager: EntityManager,
  statement: PreparedStatement,
  values: unknown[],
): Promise<R[]> {
  const runner = manager.queryRunner;
  // Outside a transaction there is no connection of its own to prepare the statement on.
  if (!runner?.isTransactionActive) throw new Error(`${statement.name} runs in a transaction: pass its EntityManager`);
  const client = (await runner.connect()) as PoolClient;
  try {
    const result = await client.query<R>({ name: statement.name, text: statement.text, values });
    return result.rows;
  } catch (error) {
    throw new QueryFailedError(statement.text, values, error as Error);
  }
}
