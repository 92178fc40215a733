import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddOrderItems1763881100000 implements MigrationInterface {
  name = 'AddOrderItems1763881100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE orders ADD COLUMN items jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE orders DROP COLUMN items');
  }
}
