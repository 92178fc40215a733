import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePointsLedger1763880300000 implements MigrationInterface {
  name = 'CreatePointsLedger1763880300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE points_ledger (
        id bigserial PRIMARY KEY,
        transfer_id varchar(100) NOT NULL,
        user_id varchar(100) NOT NULL,
        type varchar(10) NOT NULL CHECK (type IN ('credit', 'debit')),
        points int NOT NULL CHECK (points > 0),
        amount int NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('applied', 'refused')),
        reason varchar(200),
        refusal text,
        event_id uuid NOT NULL,
        occurred_at timestamptz,
        confirmed_at timestamptz,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status = 'applied' OR amount = 0)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX uq_points_ledger_transfer ON points_ledger (transfer_id)');
    await queryRunner.query('CREATE INDEX ix_points_ledger_user ON points_ledger (user_id, id)');
    await queryRunner.query(`
      CREATE TABLE points_balances (
        user_id varchar(100) PRIMARY KEY,
        balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE points_balances');
    await queryRunner.query('DROP TABLE points_ledger');
  }
}
