import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../common/guards/api-key.guard.js';
import { LedgerPageQuery, UserPointsParams, UserPointsViewDto } from './dto/user-points.dto.js';
import { UserPointsService } from './user-points.service.js';

@ApiTags('points')
@ApiKeyProtected()
@Controller('api/v2/users')
export class UserPointsController {
  constructor(private readonly points: UserPointsService) {}

  @Get(':id/points')
  @ApiOperation({ summary: "A user's loyalty points balance and ledger, newest first" })
  @ApiOkResponse({ type: UserPointsViewDto })
  get(@Param() params: UserPointsParams, @Query() page: LedgerPageQuery): Promise<UserPointsViewDto> {
    return this.points.view(params.id, page);
  }
}
