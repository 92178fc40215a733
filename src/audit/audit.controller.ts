import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyGuard } from '../common/guards/api-key.guard.js';
import { AuditLogsQuery } from './audit-logs.query.js';
import { AuditLogPageDto } from './dto/audit-log-page.dto.js';
import { AuditLogQueryDto } from './dto/audit-log-query.dto.js';

@ApiTags('admin')
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'Missing or wrong X-Api-Key.' })
@UseGuards(ApiKeyGuard)
@Controller('api/v2/admin/audit')
export class AuditController {
  constructor(private readonly logs: AuditLogsQuery) {}

  @Get()
  @ApiOperation({
    summary: 'The audit trail: every webhook request received (rejected ones too) and every outbound call, newest first.',
    description: 'Filter by provider or target, outcome, direction and time range; page with `limit` and `nextCursor`.',
  })
  @ApiOkResponse({ type: AuditLogPageDto })
  @ApiBadRequestResponse({ description: 'A filter or the cursor is invalid.' })
  list(@Query() query: AuditLogQueryDto): Promise<AuditLogPageDto> {
    return this.logs.page(query);
  }
}
