import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox purge (WEBHOOK_RETENTION_DAYS): when an event's payload is emptied before its row
 * goes (retention under the 30 days dedupe keys are kept), and an index of the finished events
 * whose payload is still there, so each batch finds its rows without walking the emptied ones.
 * The row deletion itself selects by the existing (status, received_at) index.
 */
export class AddInboxRetention1763881300000 implements MigrationInterface {
  name = 'AddInboxRetention1763881300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE webhook_events ADD COLUMN payload_purged_at timestamptz');
    await queryRunner.query(
      "CREATE INDEX ix_webhook_events_payload_kept ON webhook_events (received_at) WHERE status IN ('processed', 'ignored') AND payload_purged_at IS NULL",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_webhook_events_payload_kept');
    await queryRunner.query('ALTER TABLE webhook_events DROP COLUMN payload_purged_at');
  }
}
