import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../common/guards/api-key.guard.js';
import { AuditLogsQuery } from './audit-logs.query.js';
import { AuditLogPageDto } from './dto/audit-log-page.dto.js';
import { AuditLogQueryDto } from './dto/audit-log-query.dto.js';

@ApiTags('admin')
@ApiKeyProtected()
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
