import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../common/guards/api-key.guard.js';
import { IntegrationSubscriberDto } from './dto/integration-delivery-views.dto.js';
import { IntegrationDeliveriesAdminService } from './integration-deliveries-admin.service.js';

@ApiTags('admin')
@ApiKeyProtected()
@Controller('api/v2/admin/integration-subscribers')
export class IntegrationSubscribersAdminController {
  constructor(private readonly deliveries: IntegrationDeliveriesAdminService) {}

  @Get()
  @ApiOperation({ summary: 'The subscribers of INTEGRATION_SUBSCRIBERS (never their secrets), and which are disabled.' })
  @ApiOkResponse({ type: [IntegrationSubscriberDto] })
  list(): Promise<IntegrationSubscriberDto[]> {
    return this.deliveries.subscribers();
  }

  @Post(':name/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Enable a subscriber disabled by a 410 Gone; replay its dead deliveries afterwards.' })
  @ApiOkResponse({ type: IntegrationSubscriberDto })
  @ApiNotFoundResponse({ description: 'No subscriber of that name in INTEGRATION_SUBSCRIBERS.' })
  async enable(@Param('name') name: string): Promise<IntegrationSubscriberDto> {
    return this.deliveries.enable(name);
  }
}
