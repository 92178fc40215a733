import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReconciliationChecks1763880700000 implements MigrationInterface {
  name = 'CreateReconciliationChecks1763880700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reconciliation_checks (
        source varchar(64) NOT NULL,
        subject varchar(200) NOT NULL,
        checked_at timestamptz NOT NULL,
        result varchar(300) NOT NULL,
        PRIMARY KEY (source, subject)
      )`);
    await queryRunner.query('ALTER TABLE webhook_events ADD COLUMN last_failed_at timestamptz');
    await queryRunner.query(
      "CREATE INDEX ix_webhook_events_dead_provider ON webhook_events (provider, last_failed_at) WHERE status = 'dead'",
    );
    await queryRunner.query('CREATE INDEX ix_webhook_events_received ON webhook_events (received_at)');
    await queryRunner.query('CREATE INDEX ix_orders_payment_status_created ON orders (payment_status, created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_orders_payment_status_created');
    await queryRunner.query('DROP INDEX ix_webhook_events_received');
    await queryRunner.query('DROP INDEX ix_webhook_events_dead_provider');
    await queryRunner.query('ALTER TABLE webhook_events DROP COLUMN last_failed_at');
    await queryRunner.query('DROP TABLE reconciliation_checks');
  }
}
