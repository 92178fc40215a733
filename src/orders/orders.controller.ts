import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiKeyGuard } from '../common/guards/api-key.guard.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { OrderViewDto } from './dto/order-view.dto.js';
import { OrdersService } from './orders.service.js';

@ApiTags('orders')
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'Missing or wrong X-Api-Key.' })
@UseGuards(ApiKeyGuard)
@Controller('api/v2/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiCreatedResponse({ type: OrderViewDto })
  @ApiConflictResponse({ description: 'An order with this id exists.' })
  create(@Body() dto: CreateOrderDto): Promise<OrderViewDto> {
    return this.orders.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderViewDto })
  @ApiNotFoundResponse({ description: 'No such order.' })
  get(@Param('id') id: string): Promise<OrderViewDto> {
    return this.orders.view(id);
  }
}
