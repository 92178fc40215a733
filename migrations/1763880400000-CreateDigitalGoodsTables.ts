import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDigitalGoodsTables1763880400000 implements MigrationInterface {
  name = 'CreateDigitalGoodsTables1763880400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE supplier_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id varchar(100) NOT NULL,
        supplier_order_id varchar(100),
        status varchar(20) NOT NULL,
        ordered_at timestamptz,
        sla_deadline timestamptz,
        status_changed_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_supplier_orders_order ON supplier_orders (order_id)');
    await queryRunner.query('CREATE INDEX ix_supplier_orders_status_sla ON supplier_orders (status, sla_deadline)');
    await queryRunner.query(`
      CREATE TABLE digital_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id varchar(100) NOT NULL,
        sku varchar(100) NOT NULL,
        code_sealed text NOT NULL,
        pin_sealed text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX ix_digital_codes_order ON digital_codes (order_id)');
    await queryRunner.query(`
      CREATE TABLE refund_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id varchar(100) NOT NULL,
        cause varchar(50) NOT NULL,
        amount numeric(14,2) NOT NULL,
        currency char(3) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'requested',
        source_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_refund_requests_order_cause ON refund_requests (order_id, cause)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE refund_requests');
    await queryRunner.query('DROP TABLE digital_codes');
    await queryRunner.query('DROP TABLE supplier_orders');
  }
}
