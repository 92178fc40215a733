import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

const RECORD_CHECK = `
  INSERT INTO reconciliation_checks (source, subject, checked_at, result)
  VALUES ($1, $2, now(), $3)
  ON CONFLICT (source, subject) DO UPDATE SET checked_at = now(), result = EXCLUDED.result`;

/** A query selecting the `id` of each subject to ask about; written by the repository that owns its table. */
export interface SubjectQuery {
  sql: string;
  params: unknown[];
}

/**
 * When each subject was last asked about, so a run with a call budget serves
 * the least recently checked first and no subject starves behind others.
 */
@Injectable()
export class ReconciliationChecksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The subjects, least recently checked by this source first. */
  async leastRecentlyChecked(source: string, subjects: SubjectQuery, limit: number): Promise<string[]> {
    const { sql: subjectsSql, params } = subjects;
    const sourceParam = params.length + 1;
    const sql = `
      SELECT s.id FROM (${subjectsSql}) s
      LEFT JOIN reconciliation_checks c ON c.source = $${sourceParam} AND c.subject = s.id
      ORDER BY c.checked_at NULLS FIRST, s.id
      LIMIT $${sourceParam + 1}`;
    const rows = await this.dataSource.query<Array<{ id: string }>>(sql, [...params, source, limit]);
    return rows.map((row) => row.id);
  }

  async record(source: string, subject: string, result: string): Promise<void> {
    await this.dataSource.query(RECORD_CHECK, [source, subject, result.slice(0, 300)]);
  }
}
