import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSupplierOrderPlacements1763881200000 implements MigrationInterface {
  name = 'CreateSupplierOrderPlacements1763881200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE supplier_order_placements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id varchar(100) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        last_http_status int,
        supplier_order_id varchar(100),
        source_event_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        placed_at timestamptz,
        dead_at timestamptz
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_supplier_order_placements_order ON supplier_order_placements (order_id)');
    await queryRunner.query('CREATE INDEX ix_supplier_order_placements_status_next ON supplier_order_placements (status, next_attempt_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE supplier_order_placements');
  }
}
