import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../common/guards/api-key.guard.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { OrderViewDto } from './dto/order-view.dto.js';
import { OrdersService } from './orders.service.js';

@ApiTags('orders')
@ApiKeyProtected()
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
