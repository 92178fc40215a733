import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

/** Shopify's money: a decimal string in major units, e.g. "2499.00". */
const MONEY = /^\d{1,12}(\.\d{1,6})?$/;
const money = (field: string) => ({ message: `${field} must be a decimal string in major units, e.g. "2499.00"` });

/** What the service reads of a Shopify order (orders/paid); Shopify sends many more fields, kept as sent. */
export class ShopifyOrderDto {
  @ApiProperty({ example: 5_871_493_333_183, description: 'The Shopify order id: our order id is this number as a string.' })
  @IsInt()
  @Min(1)
  id: number;

  @ApiPropertyOptional({
    example: 'gid://shopify/Order/5871493333183',
    description: 'Read for the exact id (a JSON number past 2^53 loses digits).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  admin_graphql_api_id?: string;

  @ApiProperty({ example: '2499.00', description: 'In major units, in the shop currency; compared with the order amount.' })
  @Matches(MONEY, money('total_price'))
  total_price: string;

  @ApiProperty({ example: 'INR', description: 'The shop currency.' })
  @IsISO4217CurrencyCode()
  currency: string;

  @ApiPropertyOptional({ example: '2026-03-08T16:00:12+05:30', description: 'A digital order is completed at this time.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  updated_at?: string;
}

/** A money movement of a refund. */
export class ShopifyTransactionDto {
  @ApiProperty({ example: 'refund', description: 'Only `refund` transactions count.' })
  @IsString()
  @Length(1, 50)
  kind: string;

  @ApiProperty({ example: 'success', description: 'Only `success` transactions count (not `pending`, `failure`, `error`).' })
  @IsString()
  @Length(1, 50)
  status: string;

  @ApiProperty({ example: '2499.00', description: 'In major units.' })
  @Matches(MONEY, money('amount'))
  amount: string;

  @ApiProperty({ example: 'INR' })
  @IsISO4217CurrencyCode()
  currency: string;
}

/** What the service reads of a Shopify refund (refunds/create). */
export class ShopifyRefundDto {
  @ApiProperty({ example: 929_361_465_535 })
  @IsInt()
  @Min(1)
  id: number;

  @ApiProperty({ example: 5_871_493_333_183, description: 'The refunded Shopify order: our order id is this number as a string.' })
  @IsInt()
  @Min(1)
  order_id: number;

  @ApiProperty({ type: [ShopifyTransactionDto], description: 'The refunded amount is the sum of the successful refund transactions.' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ShopifyTransactionDto)
  transactions: ShopifyTransactionDto[];
}

/**
 * For Swagger only: the body is the resource of the topic in X-Shopify-Topic,
 * as Shopify sends it, validated by topic as ShopifyOrderDto (orders/paid) or
 * ShopifyRefundDto (refunds/create). Other topics are answered `ignored`.
 */
export class ShopifyWebhookDto {
  @ApiProperty({
    example: 5_871_493_333_183,
    description: 'orders/paid: the order id (our order id as a string); refunds/create: the refund id.',
  })
  id: number;

  @ApiPropertyOptional({ example: 'gid://shopify/Order/5871493333183', description: 'orders/paid: read for the exact order id.' })
  admin_graphql_api_id?: string;

  @ApiPropertyOptional({ example: '2499.00', description: 'orders/paid: compared with the order amount (major units).' })
  total_price?: string;

  @ApiPropertyOptional({ example: 'INR', description: 'orders/paid: compared with the order currency.' })
  currency?: string;

  @ApiPropertyOptional({ example: '2026-03-08T16:00:12+05:30', description: 'orders/paid: a digital order is completed at this time.' })
  updated_at?: string;

  @ApiPropertyOptional({ example: 5_871_493_333_183, description: 'refunds/create: the refunded order (our order id as a string).' })
  order_id?: number;

  @ApiPropertyOptional({
    type: [ShopifyTransactionDto],
    description: 'refunds/create: the successful refund transactions make the refunded amount.',
  })
  transactions?: ShopifyTransactionDto[];
}
