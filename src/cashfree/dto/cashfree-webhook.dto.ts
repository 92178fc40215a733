import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO4217CurrencyCode,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { NOT_DOT_SEGMENT } from '../../orders/dto/create-order.dto.js';
import { IsIdentifier } from '../../common/validation/is-identifier.js';
import { CASHFREE_EVENTS, type CashfreeEvent } from '../cashfree-events.js';

/** Rupees (major units); far beyond any real order. */
const MAX_AMOUNT = 1_000_000_000;
const AMOUNT = { allowNaN: false, allowInfinity: false } as const;

/** What the service reads of Cashfree's order: the merchant's own order id and what the order is for. */
class CashfreeOrderDto {
  @ApiPropertyOptional({ example: 'ORD-2026-12345', description: 'Our order id: the merchant creates the Cashfree order with it.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NOT_DOT_SEGMENT, { message: 'order_id must be our order id, not . or ..' })
  order_id?: string;

  @ApiProperty({ example: 2499.0, description: 'In rupees (major units).' })
  @IsNumber(AMOUNT)
  @Min(0)
  @Max(MAX_AMOUNT)
  order_amount: number;
  @ApiProperty({ example: 'INR' }) @IsISO4217CurrencyCode() order_currency: string;
}

/** What the service reads of a payment attempt; Cashfree sends many more fields, kept as sent. */
class CashfreePaymentDto {
  @ApiProperty({ example: '5114917039291', description: 'A string in version 2025-01-01, a number in older versions.' })
  @IsIdentifier()
  cf_payment_id: string | number;

  @ApiPropertyOptional({ example: 'SUCCESS' }) @IsOptional() @IsString() @Length(0, 50) payment_status?: string;
  @ApiPropertyOptional({ example: 2499.0, description: 'In rupees; less than order_amount when an offer applied.' })
  @IsOptional()
  @IsNumber(AMOUNT)
  payment_amount?: number;
}

/** What the service reads of a refund. */
class CashfreeRefundDto {
  @ApiProperty({ example: 11325632 }) @IsIdentifier() cf_refund_id: string | number;
  @ApiPropertyOptional({ example: 5114917039291 }) @IsOptional() @IsIdentifier() cf_payment_id?: string | number;
  @ApiPropertyOptional({ example: 'RFND-ORD-2026-12345-1', description: "The merchant's refund id." })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  refund_id?: string;

  @ApiPropertyOptional({ example: 'ORD-2026-12345', description: 'Our order id (the Cashfree order the refunded payment belongs to).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NOT_DOT_SEGMENT, { message: 'order_id must be our order id, not . or ..' })
  order_id?: string;

  @ApiProperty({ example: 2499.0, description: 'In rupees (major units).' })
  @IsNumber(AMOUNT)
  @Min(0)
  @Max(MAX_AMOUNT)
  refund_amount: number;
  @ApiProperty({ example: 'INR' }) @IsISO4217CurrencyCode() refund_currency: string;

  @ApiProperty({
    example: 'SUCCESS',
    description: 'SUCCESS → refund completed; PENDING, ONHOLD → refund initiated; CANCELLED, FAILED → no effect.',
  })
  @IsString()
  @Length(1, 50)
  refund_status: string;

  @ApiPropertyOptional({ example: 'Refund processed successfully' }) @IsOptional() @IsString() @Length(0, 500) status_description?: string;
}

class CashfreeDataDto {
  @ApiPropertyOptional({ type: CashfreeOrderDto, description: 'Payment webhooks.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CashfreeOrderDto)
  order?: CashfreeOrderDto;

  @ApiPropertyOptional({ type: CashfreePaymentDto, description: 'Payment webhooks.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CashfreePaymentDto)
  payment?: CashfreePaymentDto;

  @ApiPropertyOptional({ type: CashfreeRefundDto, description: 'REFUND_STATUS_WEBHOOK.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CashfreeRefundDto)
  refund?: CashfreeRefundDto;
}

/** A Cashfree payment or refund webhook of a type the service acts on (cashfree.com/docs/api-reference/payments/latest/payments/webhooks). */
export class CashfreeWebhookDto {
  @ApiProperty({ enum: CASHFREE_EVENTS, description: 'Other types are answered `ignored`.' })
  @IsIn(CASHFREE_EVENTS, { message: `type must be one of: ${CASHFREE_EVENTS.join(', ')}` })
  type: CashfreeEvent;

  @ApiProperty({ type: CashfreeDataDto }) @IsObject() @ValidateNested() @Type(() => CashfreeDataDto) data: CashfreeDataDto;

  @ApiPropertyOptional({ example: '2026-03-08T16:00:09+05:30' }) @IsOptional() @IsString() @Length(0, 50) event_time?: string;
}
