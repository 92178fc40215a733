import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsIn, IsInt, IsISO4217CurrencyCode, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { RAZORPAY_EVENTS, type RazorpayEvent } from '../razorpay-events.js';

const MAX_MINOR_UNITS = 100_000_000_000;

/** What the service reads of a Razorpay payment or refund; Razorpay sends many more fields, kept as sent. */
class RazorpayAmountEntityDto {
  @ApiProperty({ example: 'pay_P8n2FHqk1Y3Xa1' }) @IsString() @Length(1, 100) id: string;
  @ApiProperty({ example: 249_900, description: 'In paise (minor units).' }) @IsInt() @Min(0) @Max(MAX_MINOR_UNITS) amount: number;
  @ApiProperty({ example: 'INR' }) @IsISO4217CurrencyCode() currency: string;
  @ApiPropertyOptional({ example: 'captured' }) @IsOptional() @IsString() @Length(0, 50) status?: string;
  /** An object, or `[]` when the merchant set none (Razorpay's way of sending an empty map). */
  @ApiPropertyOptional({ example: { order_id: 'ORD-2026-12345' }, description: 'Our order id goes in `notes.order_id`.' })
  @Allow()
  notes?: unknown;
}

class RazorpayPaymentEntityDto extends RazorpayAmountEntityDto {}

class RazorpayRefundEntityDto extends RazorpayAmountEntityDto {
  @ApiProperty({ example: 'pay_P8n2FHqk1Y3Xa1' }) @IsString() @Length(1, 100) payment_id: string;
}

class RazorpayOrderEntityDto {
  @ApiProperty({ example: 'order_P8n1uTqYQ9Zx7c' }) @IsString() @Length(1, 100) id: string;
  @ApiPropertyOptional({ example: 'ORD-2026-12345', description: 'Our order id when the merchant set it as the receipt.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  receipt?: string;
}

class RazorpayPaymentWrapperDto {
  @ApiProperty({ type: RazorpayPaymentEntityDto }) @ValidateNested() @Type(() => RazorpayPaymentEntityDto) entity: RazorpayPaymentEntityDto;
}

class RazorpayRefundWrapperDto {
  @ApiProperty({ type: RazorpayRefundEntityDto }) @ValidateNested() @Type(() => RazorpayRefundEntityDto) entity: RazorpayRefundEntityDto;
}

class RazorpayOrderWrapperDto {
  @ApiProperty({ type: RazorpayOrderEntityDto }) @ValidateNested() @Type(() => RazorpayOrderEntityDto) entity: RazorpayOrderEntityDto;
}

class RazorpayPayloadDto {
  @ApiPropertyOptional({ type: RazorpayPaymentWrapperDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RazorpayPaymentWrapperDto)
  payment?: RazorpayPaymentWrapperDto;

  @ApiPropertyOptional({ type: RazorpayRefundWrapperDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RazorpayRefundWrapperDto)
  refund?: RazorpayRefundWrapperDto;

  @ApiPropertyOptional({ type: RazorpayOrderWrapperDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RazorpayOrderWrapperDto)
  order?: RazorpayOrderWrapperDto;
}

/** A Razorpay webhook of an event the service acts on, as Razorpay sends it (razorpay.com/docs/webhooks/payloads). */
export class RazorpayWebhookDto {
  @ApiProperty({ enum: RAZORPAY_EVENTS, description: 'Other events are answered `ignored`.' })
  @IsIn(RAZORPAY_EVENTS, { message: `event must be one of: ${RAZORPAY_EVENTS.join(', ')}` })
  event: RazorpayEvent;

  @ApiProperty({ type: RazorpayPayloadDto }) @ValidateNested() @Type(() => RazorpayPayloadDto) payload: RazorpayPayloadDto;

  @ApiPropertyOptional({ example: 1_772_965_800, description: 'Unix seconds.' }) @IsOptional() @IsInt() created_at?: number;
}
