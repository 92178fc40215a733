import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateShipments1763880200000 implements MigrationInterface {
  name = 'CreateShipments1763880200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE shipments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        awb varchar(100) NOT NULL,
        order_id varchar(100) NOT NULL,
        status varchar(30) NOT NULL DEFAULT 'unfulfilled',
        latest_scan_at timestamptz,
        delivered_at timestamptz,
        delivered_to varchar(200),
        signature_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_shipments_awb ON shipments (awb)');
    await queryRunner.query('CREATE INDEX ix_shipments_order ON shipments (order_id)');
    await queryRunner.query(`
      CREATE TABLE shipment_scans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shipment_id uuid NOT NULL,
        event_id uuid NOT NULL,
        event_type varchar(100) NOT NULL,
        status varchar(30) NOT NULL,
        carrier_status varchar(100),
        city varchar(100),
        state varchar(100),
        pincode varchar(20),
        occurred_at timestamptz NOT NULL,
        applied boolean NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_shipment_scans_event ON shipment_scans (event_id)');
    await queryRunner.query('CREATE INDEX ix_shipment_scans_shipment_occurred ON shipment_scans (shipment_id, occurred_at)');
    await queryRunner.query('ALTER TABLE orders ADD COLUMN completed_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE orders DROP COLUMN completed_at');
    await queryRunner.query('DROP TABLE shipment_scans');
    await queryRunner.query('DROP TABLE shipments');
  }
}
