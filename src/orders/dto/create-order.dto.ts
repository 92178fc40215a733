import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsISO4217CurrencyCode,
  IsNumber,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OrderKind } from '../order.entity.js';

/**
 * Our order ids. `.` and `..` are refused: they go into provider API paths
 * (`/orders/:id`), where any URL parser reads them as "this" and "the parent" folder.
 */
export const ORDER_ID_PATTERN = /^(?!\.\.?$)[A-Za-z0-9._:-]{1,100}$/;
/** For order ids a webhook carries in a looser form: anything but a dot segment. */
export const NOT_DOT_SEGMENT = /^(?!\.\.?$)/;
export const ORDER_ID_RULE = '1-100 letters, digits or . _ : -, not . or ..';

export class CustomerDto {
  @ApiPropertyOptional({ example: 'john.doe@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '+919876543210' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 ()-]{5,30}$/, { message: 'customer.phone must be a phone number such as +919876543210' })
  phone?: string;
}

export class OrderItemDto {
  @ApiProperty({ example: 'TSHIRT-M-BLUE' })
  @Matches(/^[A-Za-z0-9._:/-]{1,100}$/, { message: 'items.sku must be 1-100 letters, digits or . _ : / -' })
  sku: string;

  @ApiProperty({ example: 2, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity: number;

  @ApiProperty({ example: 999.5, description: "In major units of the order's currency." })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  unitPrice: number;
}

export class CreateOrderDto {
  @ApiProperty({ example: 'ORD-2026-12345', pattern: ORDER_ID_PATTERN.source })
  @Matches(ORDER_ID_PATTERN, { message: `id must be ${ORDER_ID_RULE}` })
  id: string;

  @ApiProperty({ example: 2499.0 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(1_000_000_000)
  amount: number;

  @ApiProperty({ example: 'INR' })
  @IsISO4217CurrencyCode()
  currency: string;

  @ApiProperty({ enum: OrderKind, example: OrderKind.Physical })
  @IsEnum(OrderKind)
  kind: OrderKind;

  @ApiProperty({ type: CustomerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer: CustomerDto;

  @ApiPropertyOptional({
    type: [OrderItemDto],
    description: 'What was ordered; when given, quantity × unitPrice must add up to the amount. Every integration event carries them.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items?: OrderItemDto[];
}
