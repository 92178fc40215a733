import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { WebhookEventsRepository } from '../webhooks/inbox/webhook-events.repository.js';
import type { CreateOrderDto } from './dto/create-order.dto.js';
import type { OrderViewDto } from './dto/order-view.dto.js';
import { OrderDetailsRegistry } from './order-details.registry.js';
import { itemsMismatch } from './order-item.js';
import { orderLifecycle } from './order-lifecycle.js';
import { OrdersRepository } from './orders.repository.js';

@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly events: WebhookEventsRepository,
    private readonly details: OrderDetailsRegistry,
  ) {}

  async create(dto: CreateOrderDto): Promise<OrderViewDto> {
    const items = dto.items?.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })) ?? null;
    const mismatch = items ? itemsMismatch(items, dto.amount) : undefined;
    if (mismatch) throw new BadRequestException(mismatch);
    const inserted = await this.orders.insertNew({
      id: dto.id,
      amount: dto.amount,
      currency: dto.currency.toUpperCase(),
      kind: dto.kind,
      customerEmail: dto.customer.email ?? null,
      customerPhone: dto.customer.phone ?? null,
      items,
    });
    if (!inserted) throw new ConflictException(`Order ${dto.id} already exists.`);
    return this.view(dto.id);
  }

  async view(id: string): Promise<OrderViewDto> {
    const order = await this.orders.findById(id);
    if (!order) throw new NotFoundException(`Order ${id} not found.`);
    const [events, sections] = await Promise.all([this.events.forReference(id), this.details.collect(id)]);
    return {
      id: order.id,
      amount: order.amount,
      currency: order.currency,
      kind: order.kind,
      customer: { email: order.customerEmail ?? undefined, phone: order.customerPhone ?? undefined },
      ...(order.items ? { items: order.items } : {}),
      paymentStatus: order.paymentStatus,
      refundedAmount: order.refundedAmount,
      fulfillmentStatus: order.fulfillmentStatus,
      status: orderLifecycle(order),
      completedAt: order.completedAt,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      ...sections,
      events: events.map(({ id, provider, eventType, source, status, outcome, note, attempts, lastError, receivedAt, processedAt }) => ({
        id,
        provider,
        eventType,
        source,
        status,
        outcome,
        note,
        attempts,
        lastError,
        receivedAt,
        processedAt,
      })),
    };
  }
}
