import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Narrows a query by the filters an operator gave: each `[value, condition]`
 * whose value is defined adds its condition, and `parameters` binds them by name.
 */
export function whereGiven<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  conditions: ReadonlyArray<readonly [unknown, string]>,
  parameters: object,
): SelectQueryBuilder<T> {
  for (const [value, condition] of conditions) {
    if (value !== undefined) query.andWhere(condition);
  }
  return query.setParameters({ ...parameters });
}
