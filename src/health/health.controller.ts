import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { HealthChecksService } from './health-checks.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: HealthChecksService) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers. Checks no dependency, so a database outage does not restart it.' })
  live() {
    return this.checks.live();
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: Postgres and Redis answer; 503 when either does not.' })
  ready() {
    return this.checks.ready();
  }
}
