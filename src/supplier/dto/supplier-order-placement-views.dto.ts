import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { OrderListQueryDto } from '../../common/http/order-list-query.dto.js';
import { type SupplierOrderPlacement, SupplierOrderPlacementStatus } from '../supplier-order-placement.entity.js';

export class SupplierOrderPlacementQueryDto extends OrderListQueryDto {
  @ApiPropertyOptional({ enum: SupplierOrderPlacementStatus })
  @IsOptional()
  @IsEnum(SupplierOrderPlacementStatus)
  status?: SupplierOrderPlacementStatus;
}

export class SupplierOrderPlacementDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ORD-2026-12345' }) orderId: string;
  @ApiProperty({ enum: SupplierOrderPlacementStatus }) status: SupplierOrderPlacementStatus;
  @ApiProperty({ description: 'Tries since it was written or last replayed.' }) attempts: number;
  @ApiProperty() nextAttemptAt: Date;
  @ApiPropertyOptional({ nullable: true }) lastError: string | null;
  @ApiPropertyOptional({ nullable: true }) lastHttpStatus: number | null;
  @ApiPropertyOptional({ nullable: true, description: "The supplier's id of the order, once placed." }) supplierOrderId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true }) placedAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) deadAt: Date | null;

  static of(placement: SupplierOrderPlacement): SupplierOrderPlacementDto {
    const { id, orderId, status, attempts, nextAttemptAt, lastError, lastHttpStatus, supplierOrderId, createdAt, placedAt, deadAt } =
      placement;
    return { id, orderId, status, attempts, nextAttemptAt, lastError, lastHttpStatus, supplierOrderId, createdAt, placedAt, deadAt };
  }
}

export class SupplierOrderPlacementReplayDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SupplierOrderPlacementStatus }) status: SupplierOrderPlacementStatus;
}
