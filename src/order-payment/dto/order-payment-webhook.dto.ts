import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
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
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '../../orders/dto/create-order.dto.js';
import { ORDER_PAYMENT_EVENTS, type OrderPaymentEvent, PAID } from '../order-payment-events.js';

/** A PAID confirms a payment: it must state what was paid, which is checked against the order. */
const figureRequired = (payment: OrderPaymentDto, value: unknown) => value !== undefined || payment.status === PAID;

export class OrderPaymentDto {
  @ApiProperty({ example: 'PAID', description: 'Only PAID confirms the payment; any other status confirms nothing.' })
  @IsString()
  @Length(1, 50)
  status: string;

  @ApiPropertyOptional({ example: 20.0, description: 'Required with PAID: must be the order amount (major units).' })
  @ValidateIf((payment: OrderPaymentDto) => figureRequired(payment, payment.amount))
  @IsDefined({ message: 'orderPayment.amount is required with PAID' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount?: number;

  @ApiPropertyOptional({ example: 'USD', description: "Required with PAID: must be the order's currency." })
  @ValidateIf((payment: OrderPaymentDto) => figureRequired(payment, payment.currency))
  @IsDefined({ message: 'orderPayment.currency is required with PAID' })
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ example: 'op_7f3a91', description: "The storefront's payment id; part of the dedupe key." })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  paymentId?: string;
}

/** The storefront's order, as its order payment webhook sends it (seed: "Handling Order Payment Webhook Events"). */
export class OrderPaymentWebhookDto {
  @ApiPropertyOptional({ enum: ORDER_PAYMENT_EVENTS, description: 'Optional; the only event this webhook sends.' })
  @IsOptional()
  @IsIn(ORDER_PAYMENT_EVENTS, { message: `event must be one of: ${ORDER_PAYMENT_EVENTS.join(', ')}` })
  event?: OrderPaymentEvent;

  @ApiProperty({ example: 'ORD-12345', description: 'Our order id.' })
  @Matches(ORDER_ID_PATTERN, { message: `id must be our order id (${ORDER_ID_RULE})` })
  id: string;

  @ApiProperty({ type: OrderPaymentDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => OrderPaymentDto)
  orderPayment: OrderPaymentDto;

  @ApiPropertyOptional({
    example: '2026-05-01T14:25:00Z',
    description: 'When the storefront last changed the order; part of the dedupe key.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  updatedAt?: string;
}
