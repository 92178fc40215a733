import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { type SupplierOrderPlacement, SupplierOrderPlacementStatus } from '../supplier-order-placement.entity.js';

export class SupplierOrderPlacementQueryDto {
  @ApiPropertyOptional({ enum: SupplierOrderPlacementStatus })
  @IsOptional()
  @IsEnum(SupplierOrderPlacementStatus)
  status?: SupplierOrderPlacementStatus;

  @ApiPropertyOptional({ example: 'ORD-2026-12345' })
  @IsOptional()
  @IsString()
  orderId?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
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
