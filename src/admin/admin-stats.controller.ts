import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../common/guards/api-key.guard.js';
import { StatsQueryDto } from './dto/stats-query.dto.js';
import { WebhookStatsDto } from './dto/webhook-stats.dto.js';
import { WebhookStatsService } from './webhook-stats.service.js';

@ApiTags('admin')
@ApiKeyProtected()
@Controller('api/v2/admin/stats')
export class AdminStatsController {
  constructor(private readonly stats: WebhookStatsService) {}

  @Get()
  @ApiOperation({
    summary: 'Success rate, processing time (mean, p95), failures and dead letters over a window; queue depth per queue now.',
  })
  @ApiOkResponse({ type: WebhookStatsDto })
  get(@Query() query: StatsQueryDto): Promise<WebhookStatsDto> {
    return this.stats.stats(query);
  }
}
