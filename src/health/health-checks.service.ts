import { Injectable } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RedisHealthIndicator } from './redis.health.js';

const CHECK_TIMEOUT_MS = 1500;

/** The checks behind /health/*, shared by the HTTP controller and a worker's probe server. */
@Injectable()
export class HealthChecksService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Checks no dependency, so a database outage does not get the process restarted. */
  live() {
    return this.health.check([]);
  }

  /** Throws ServiceUnavailableException (503) when Postgres or Redis does not answer. */
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      () => this.redis.pingCheck('redis', CHECK_TIMEOUT_MS),
    ]);
  }
}
