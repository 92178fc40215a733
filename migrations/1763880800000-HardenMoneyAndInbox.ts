import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money that must match: what completed refunds have given back (partial refunds make the
 * order partially_refunded), and the inbox's body hash, so a repeat of a dedupe key with
 * another body is told apart from a retry (a conflict, counted on the stored event).
 */
export class HardenMoneyAndInbox1763880800000 implements MigrationInterface {
  name = 'HardenMoneyAndInbox1763880800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE orders ADD COLUMN refunded_amount numeric(14,2) NOT NULL DEFAULT 0');
    // Refunded orders gave the whole amount back: so the column is true for the rows of before.
    await queryRunner.query("UPDATE orders SET refunded_amount = amount WHERE payment_status = 'refunded'");
    // NULL for rows stored before (and reconciliation's own entries): nothing to compare a repeat with.
    await queryRunner.query('ALTER TABLE webhook_events ADD COLUMN body_sha256 char(64)');
    await queryRunner.query('ALTER TABLE webhook_events ADD COLUMN conflicts integer NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE webhook_events ADD COLUMN last_conflict_at timestamptz');
    await queryRunner.query('CREATE INDEX ix_webhook_events_conflicted ON webhook_events (last_conflict_at) WHERE conflicts > 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_webhook_events_conflicted');
    await queryRunner.query('ALTER TABLE webhook_events DROP COLUMN last_conflict_at');
    await queryRunner.query('ALTER TABLE webhook_events DROP COLUMN conflicts');
    await queryRunner.query('ALTER TABLE webhook_events DROP COLUMN body_sha256');
    await queryRunner.query('ALTER TABLE orders DROP COLUMN refunded_amount');
  }
}
