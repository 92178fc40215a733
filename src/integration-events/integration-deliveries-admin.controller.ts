import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../common/guards/api-key.guard.js';
import { IntegrationDeliveryDto, IntegrationDeliveryQueryDto, IntegrationReplayResultDto } from './dto/integration-delivery-views.dto.js';
import { IntegrationDeliveriesAdminService } from './integration-deliveries-admin.service.js';

@ApiTags('admin')
@ApiKeyProtected()
@Controller('api/v2/admin/integration-deliveries')
export class IntegrationDeliveriesAdminController {
  constructor(private readonly deliveries: IntegrationDeliveriesAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Integration event deliveries, newest first, by status (e.g. dead), subscriber and order.' })
  @ApiOkResponse({ type: [IntegrationDeliveryDto] })
  list(@Query() query: IntegrationDeliveryQueryDto): Promise<IntegrationDeliveryDto[]> {
    return this.deliveries.list(query);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Send a dead (or sent) delivery again, with a fresh retry schedule and the same webhook-id: subscribers dedupe on it.',
  })
  @ApiOkResponse({ type: IntegrationReplayResultDto })
  @ApiNotFoundResponse({ description: 'No such delivery.' })
  @ApiConflictResponse({ description: 'The delivery is still on its way, or its subscriber is disabled or no longer configured.' })
  replay(@Param('id', ParseUUIDPipe) id: string): Promise<IntegrationReplayResultDto> {
    return this.deliveries.replay(id);
  }
}
