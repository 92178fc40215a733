import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MetricsService } from './metrics.service.js';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: webhooks, processing time, queues, dead letters, reconciliation, notifications.' })
  @ApiOkResponse({ description: 'Prometheus text exposition format.' })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
