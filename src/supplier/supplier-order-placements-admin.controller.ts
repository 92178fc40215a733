import {
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../common/guards/api-key.guard.js';
import {
  SupplierOrderPlacementDto,
  SupplierOrderPlacementQueryDto,
  SupplierOrderPlacementReplayDto,
} from './dto/supplier-order-placement-views.dto.js';
import { SupplierOrderPlacementQueueService } from './supplier-order-placement-queue.service.js';
import { SupplierOrderPlacementStatus } from './supplier-order-placement.entity.js';
import { SupplierOrderPlacementsRepository } from './supplier-order-placements.repository.js';

@ApiTags('admin')
@ApiKeyProtected()
@Controller('api/v2/admin/supplier-order-placements')
export class SupplierOrderPlacementsAdminController {
  constructor(
    private readonly placements: SupplierOrderPlacementsRepository,
    private readonly queue: SupplierOrderPlacementQueueService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Orders placed (or being placed) with the supplier, newest first, by status (e.g. dead) and order.' })
  @ApiOkResponse({ type: [SupplierOrderPlacementDto] })
  async list(@Query() query: SupplierOrderPlacementQueryDto): Promise<SupplierOrderPlacementDto[]> {
    return (await this.placements.list(query)).map((placement) => SupplierOrderPlacementDto.of(placement));
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Place a dead placement again, with a fresh retry schedule and the same Idempotency-Key: the supplier orders it once.',
  })
  @ApiOkResponse({ type: SupplierOrderPlacementReplayDto })
  @ApiNotFoundResponse({ description: 'No such placement.' })
  @ApiConflictResponse({ description: 'The placement is not dead: it is on its way, placed or skipped.' })
  async replay(@Param('id', ParseUUIDPipe) id: string): Promise<SupplierOrderPlacementReplayDto> {
    const placement = await this.placements.find(id);
    if (!placement) throw new NotFoundException(`No supplier order placement ${id}.`);
    if (!(await this.placements.rearm(id))) throw new ConflictException(`Placement ${id} is ${placement.status}, not dead.`);
    await this.queue.enqueueQuietly(id);
    return { id, status: SupplierOrderPlacementStatus.Pending };
  }
}
