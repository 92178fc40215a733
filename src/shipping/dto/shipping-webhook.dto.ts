import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUrl, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { NOT_DOT_SEGMENT } from '../../orders/dto/create-order.dto.js';
import { SHIPPING_EVENTS, type ShippingEvent } from '../shipping-events.js';

export class ScanLocationDto {
  @ApiPropertyOptional({ example: 'Mumbai' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  city?: string;

  @ApiPropertyOptional({ example: 'Maharashtra' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  state?: string;

  @ApiPropertyOptional({ example: '400001' })
  @IsOptional()
  @IsString()
  @Length(0, 20)
  pincode?: string;
}

/** The logistics partner's webhook (seed: "Shipping Status Webhook"). */
export class ShippingWebhookDto {
  @ApiProperty({ enum: SHIPPING_EVENTS })
  @IsIn(SHIPPING_EVENTS, { message: `event must be one of: ${SHIPPING_EVENTS.join(', ')}` })
  event: ShippingEvent;

  @ApiProperty({ example: 'ORD-2026-12345' })
  @IsString()
  @Length(1, 100)
  @Matches(NOT_DOT_SEGMENT, { message: 'order_id must be our order id, not . or ..' })
  order_id: string;

  @ApiProperty({ example: 'AWB123456789', description: 'Air waybill number: identifies the shipment.' })
  @IsString()
  @Length(1, 100)
  awb: string;

  @ApiPropertyOptional({ description: "The partner's own event id; the dedupe key when present." })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  event_id?: string;

  @ApiPropertyOptional({ example: 'delivered', description: "The carrier's own status text." })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  status?: string;

  @ApiPropertyOptional({
    example: '2026-03-08T15:40:00Z',
    description: 'When the scan happened. Required unless delivered_at is sent; events are ordered by it, not by arrival.',
  })
  @ValidateIf((body: ShippingWebhookDto) => body.timestamp !== undefined || body.delivered_at === undefined)
  @IsISO8601({ strict: true }, { message: 'timestamp must be an ISO 8601 date-time (required unless delivered_at is sent)' })
  timestamp?: string;

  @ApiPropertyOptional({ example: '2026-03-08T15:45:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  delivered_at?: string;

  @ApiPropertyOptional({ type: ScanLocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScanLocationDto)
  location?: ScanLocationDto;

  @ApiPropertyOptional({ example: 'John Doe', description: 'Who signed for the parcel. Personal data: never logged.' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  recipient?: string;

  @ApiPropertyOptional({
    example: 'https://cdn.example.com/signatures/xyz.jpg',
    description: 'Proof of delivery. Personal data: never logged.',
  })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_tld: false })
  @Length(0, 2000)
  signature_url?: string;
}

/** The event's own time: when the carrier scanned it, not when it reached us. */
export function scanTime(body: Pick<ShippingWebhookDto, 'timestamp' | 'delivered_at'>): string {
  return (body.timestamp ?? body.delivered_at) as string;
}
