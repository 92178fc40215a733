import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { NOT_DOT_SEGMENT } from '../../orders/dto/create-order.dto.js';
import { PAYMENT_EVENTS, type PaymentEvent } from '../payment-events.js';

/** Events that move money the order is checked against: a capture, a completed refund. They must state both figures. */
const STATES_FIGURES: readonly PaymentEvent[] = ['payment.success', 'refund.completed'];
const figureRequired = (body: PaymentWebhookDto, value: unknown) => value !== undefined || STATES_FIGURES.includes(body.event);

/** The payment gateway's webhook (seed: "Payment Success Webhook"). */
export class PaymentWebhookDto {
  @ApiProperty({ enum: PAYMENT_EVENTS })
  @IsIn(PAYMENT_EVENTS, { message: `event must be one of: ${PAYMENT_EVENTS.join(', ')}` })
  event: PaymentEvent;

  @ApiProperty({ example: 'ORD-2026-12345' })
  @IsString()
  @Length(1, 100)
  @Matches(NOT_DOT_SEGMENT, { message: 'order_id must be our order id, not . or ..' })
  order_id: string;

  @ApiPropertyOptional({ description: "The gateway's own event id; the dedupe key when present." })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  event_id?: string;

  @ApiPropertyOptional({ example: 'pay_abc123xyz' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  payment_id?: string;

  @ApiPropertyOptional({ example: 'rfnd_001' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  refund_id?: string;

  @ApiPropertyOptional({ example: 2499.0, description: 'Major units. Required for payment.success and refund.completed.' })
  @ValidateIf((body: PaymentWebhookDto) => figureRequired(body, body.amount))
  @IsDefined({ message: 'amount is required for payment.success and refund.completed' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  amount?: number;

  @ApiPropertyOptional({ example: 'INR', description: 'Required for payment.success and refund.completed.' })
  @ValidateIf((body: PaymentWebhookDto) => figureRequired(body, body.currency))
  @IsDefined({ message: 'currency is required for payment.success and refund.completed' })
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({
    example: 'captured',
    description:
      'A payment.success applies only with captured, paid, success, succeeded or completed (or none); a refund.completed with processed, completed, success, succeeded or refunded (or none).',
  })
  @IsOptional()
  @IsString()
  @Length(0, 50)
  status?: string;

  @ApiPropertyOptional({ example: 'card' })
  @IsOptional()
  @IsString()
  @Length(0, 50)
  method?: string;

  @ApiPropertyOptional({ example: '2026-03-08T10:30:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  timestamp?: string;
}
