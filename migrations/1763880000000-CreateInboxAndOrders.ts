import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInboxAndOrders1763880000000 implements MigrationInterface {
  name = 'CreateInboxAndOrders1763880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider varchar(64) NOT NULL,
        event_type varchar(100) NOT NULL,
        dedupe_key varchar(300) NOT NULL,
        reference varchar(200),
        payload jsonb NOT NULL,
        source varchar(20) NOT NULL DEFAULT 'webhook',
        status varchar(20) NOT NULL DEFAULT 'pending',
        outcome varchar(20),
        note text,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        request_id varchar(100),
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_webhook_events_dedupe ON webhook_events (provider, dedupe_key)');
    await queryRunner.query('CREATE INDEX ix_webhook_events_reference ON webhook_events (reference)');
    await queryRunner.query('CREATE INDEX ix_webhook_events_status_received ON webhook_events (status, received_at)');
    await queryRunner.query(`
      CREATE TABLE orders (
        id varchar(100) PRIMARY KEY,
        amount numeric(14,2) NOT NULL,
        currency char(3) NOT NULL,
        kind varchar(20) NOT NULL,
        customer_email varchar(320),
        customer_phone varchar(32),
        payment_status varchar(30) NOT NULL DEFAULT 'pending',
        fulfillment_status varchar(30) NOT NULL DEFAULT 'unfulfilled',
        payment_id varchar(100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE orders');
    await queryRunner.query('DROP TABLE webhook_events');
  }
}
