import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntegrationEvents1763881000000 implements MigrationInterface {
  name = 'CreateIntegrationEvents1763881000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE integration_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key varchar(400) NOT NULL,
        type varchar(60) NOT NULL,
        subject varchar(200) NOT NULL,
        order_id varchar(100),
        sequence int NOT NULL,
        data jsonb NOT NULL,
        source_event_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_integration_events_dedupe ON integration_events (dedupe_key)');
    await queryRunner.query('CREATE UNIQUE INDEX uq_integration_events_subject_sequence ON integration_events (subject, sequence)');
    await queryRunner.query('CREATE INDEX ix_integration_events_order ON integration_events (order_id)');
    await queryRunner.query(`
      CREATE TABLE integration_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        subscriber varchar(50) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        last_http_status int,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        dead_at timestamptz
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX uq_integration_deliveries_event_subscriber ON integration_deliveries (event_id, subscriber)',
    );
    await queryRunner.query('CREATE INDEX ix_integration_deliveries_status_next ON integration_deliveries (status, next_attempt_at)');
    await queryRunner.query('CREATE INDEX ix_integration_deliveries_status_created ON integration_deliveries (status, created_at)');
    await queryRunner.query(`
      CREATE TABLE integration_subscribers (
        name varchar(50) PRIMARY KEY,
        disabled_at timestamptz,
        disabled_reason text
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE integration_subscribers');
    await queryRunner.query('DROP TABLE integration_deliveries');
    await queryRunner.query('DROP TABLE integration_events');
  }
}
