import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotificationsOutbox1763880100000 implements MigrationInterface {
  name = 'CreateNotificationsOutbox1763880100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key varchar(400) NOT NULL,
        channel varchar(20) NOT NULL,
        template varchar(100) NOT NULL,
        recipient varchar(320),
        payload jsonb NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_notifications_dedupe ON notifications (dedupe_key)');
    await queryRunner.query('CREATE INDEX ix_notifications_status_created ON notifications (status, created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notifications');
  }
}
