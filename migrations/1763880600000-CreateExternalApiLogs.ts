import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExternalApiLogs1763880600000 implements MigrationInterface {
  name = 'CreateExternalApiLogs1763880600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE external_api_logs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        direction varchar(8) NOT NULL,
        provider varchar(64) NOT NULL,
        event_type varchar(100),
        outcome varchar(32) NOT NULL,
        http_status int,
        latency_ms int NOT NULL,
        request_id varchar(100),
        client_ip varchar(64),
        payload jsonb,
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Newest first with keyset paging, the time filter and the retention purge all walk this one.
    await queryRunner.query('CREATE INDEX ix_external_api_logs_created ON external_api_logs (created_at, id)');
    await queryRunner.query('CREATE INDEX ix_external_api_logs_provider_created ON external_api_logs (provider, created_at)');
    await queryRunner.query('CREATE INDEX ix_external_api_logs_outcome_created ON external_api_logs (outcome, created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE external_api_logs');
  }
}
