import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '../../orders/dto/create-order.dto.js';
import { SUPPLIER_EVENTS, type SupplierEvent } from '../supplier-events.js';

export class SupplierItemDto {
  @ApiProperty({ example: 'steam-20-usd' })
  @IsString()
  @Length(1, 100)
  sku: string;

  @ApiPropertyOptional({
    nullable: true,
    example: 'XXXXX-YYYYY-ZZZZZ',
    description: 'Sealed (AES-256-GCM) before it is stored; never logged.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  code?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Sealed like the code.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  pin?: string | null;
}

export class SupplierDataDto {
  @ApiPropertyOptional({ example: 'SUP-99887', nullable: true, description: "The supplier's order id: recorded, never matched on." })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  order_id?: string | null;

  @ApiPropertyOptional({ example: 'ORD-12345', nullable: true, description: 'Our order id; required for order.* events.' })
  @IsOptional()
  @Matches(ORDER_ID_PATTERN, { message: `data.reference must be our order id (${ORDER_ID_RULE})` })
  reference?: string | null;

  @ApiPropertyOptional({ example: 'fulfilled' })
  @IsOptional()
  @IsString()
  @Length(0, 50)
  status?: string;

  @ApiPropertyOptional({ type: [SupplierItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SupplierItemDto)
  items?: SupplierItemDto[];

  @ApiPropertyOptional({ example: 120.5, description: 'balance.low: the reseller balance left.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  balance?: number;

  @ApiPropertyOptional({ example: 500, description: 'balance.low: the threshold it fell below.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold?: number;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;
}

/** The digital-goods supplier's webhook envelope (seed: "Webhooks for Digital Goods Orders"). */
export class SupplierWebhookDto {
  @ApiProperty({ enum: SUPPLIER_EVENTS })
  @IsIn(SUPPLIER_EVENTS, { message: `event must be one of: ${SUPPLIER_EVENTS.join(', ')}` })
  event: SupplierEvent;

  @ApiProperty({ example: '2026-05-01T14:23:11Z' })
  @IsISO8601({ strict: true })
  timestamp: string;

  @ApiProperty({ type: SupplierDataDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SupplierDataDto)
  data: SupplierDataDto;
}

const ENVELOPE_FIELDS = ['event', 'timestamp', 'data'];
const DATA_FIELDS = ['order_id', 'reference', 'status', 'items', 'balance', 'threshold', 'currency'];
const ITEM_FIELDS = ['sku', 'code', 'pin'];

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const pick = (value: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(fields.filter((field) => Object.hasOwn(value, field)).map((field) => [field, value[field]]));

/**
 * The supplier's body with only the fields this DTO knows (the WebhookBody
 * whitelist of the supplier endpoint). A supplier may send a code under a
 * name of its own (voucher, serial, key, redeem_url): sealed only under
 * `code` and `pin`, anything else would be stored and audited in clear, so it
 * is dropped before validation, storage and audit. Values of the wrong shape
 * are kept as they are, for validation to refuse.
 */
export function supplierKnownFields(payload: Record<string, unknown>): Record<string, unknown> {
  const envelope = pick(payload, ENVELOPE_FIELDS);
  if (!isRecord(envelope.data)) return envelope;
  const data = pick(envelope.data, DATA_FIELDS);
  if (Array.isArray(data.items)) data.items = data.items.map((item: unknown) => (isRecord(item) ? pick(item, ITEM_FIELDS) : item));
  return { ...envelope, data };
}

/** What the field decorators cannot say, because it depends on the event type; undefined when the payload is whole. */
export function supplierPayloadProblem({ event, data }: SupplierWebhookDto): string | undefined {
  if (event === 'balance.low') return undefined;
  if (!data.reference) return `data.reference (our order id) is required for ${event}`;
  if (event === 'order.fulfilled' && (!data.items?.length || data.items.some((item) => !item.code))) {
    return 'order.fulfilled must carry data.items, each with a code';
  }
  return undefined;
}
