import { type Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { STRIPE_EVENTS, type StripeEvent } from '../stripe-events.js';

const MAX_MINOR_UNITS = 100_000_000_000;

/** What the service reads of every Stripe object it acts on; Stripe sends many more fields, kept as sent. */
class StripeObjectDto {
  @IsString() @Length(1, 255) id: string;
  /** Stripe's currencies are lower-case ISO 4217 codes. */
  @IsISO4217CurrencyCode() currency: string;
  /** A map of strings; our order id goes in `metadata.order_id`. */
  @IsOptional() @IsObject() metadata?: Record<string, unknown>;
}

class StripePaymentIntentDto extends StripeObjectDto {
  @IsIn(['payment_intent']) object: 'payment_intent';
  @IsInt() @Min(0) @Max(MAX_MINOR_UNITS) amount: number;
  @IsInt() @Min(0) @Max(MAX_MINOR_UNITS) amount_received: number;
  @IsOptional() @IsString() status?: string;
}

class StripeCheckoutSessionDto extends StripeObjectDto {
  @IsIn(['checkout.session']) object: 'checkout.session';
  @IsInt() @Min(0) @Max(MAX_MINOR_UNITS) amount_total: number;
  @IsString() @Length(1, 50) payment_status: string;
  @IsOptional() @IsString() @Length(1, 255) payment_intent?: string | null;
  @IsOptional() @IsString() @Length(1, 200) client_reference_id?: string | null;
}

class StripeChargeDto extends StripeObjectDto {
  @IsIn(['charge']) object: 'charge';
  @IsInt() @Min(0) @Max(MAX_MINOR_UNITS) amount: number;
  @IsInt() @Min(0) @Max(MAX_MINOR_UNITS) amount_refunded: number;
  @IsOptional() @IsBoolean() refunded?: boolean;
  @IsOptional() @IsString() @Length(1, 255) payment_intent?: string | null;
}

class PaymentIntentDataDto {
  @IsObject() @ValidateNested() @Type(() => StripePaymentIntentDto) object: StripePaymentIntentDto;
}

class CheckoutSessionDataDto {
  @IsObject() @ValidateNested() @Type(() => StripeCheckoutSessionDto) object: StripeCheckoutSessionDto;
}

class ChargeDataDto {
  @IsObject() @ValidateNested() @Type(() => StripeChargeDto) object: StripeChargeDto;
}

/** The event envelope: its id (`evt_…`) is the dedupe key. */
class StripeEnvelopeDto {
  @IsString() @Length(1, 255) id: string;
  @IsOptional() @IsIn(['event']) object?: 'event';
  @IsOptional() @IsInt() created?: number;
}

export class StripePaymentIntentEventDto extends StripeEnvelopeDto {
  @IsIn(['payment_intent.succeeded', 'payment_intent.payment_failed']) type: 'payment_intent.succeeded' | 'payment_intent.payment_failed';
  @IsObject() @ValidateNested() @Type(() => PaymentIntentDataDto) data: PaymentIntentDataDto;
}

export class StripeCheckoutSessionEventDto extends StripeEnvelopeDto {
  @IsIn(['checkout.session.completed']) type: 'checkout.session.completed';
  @IsObject() @ValidateNested() @Type(() => CheckoutSessionDataDto) data: CheckoutSessionDataDto;
}

export class StripeChargeEventDto extends StripeEnvelopeDto {
  @IsIn(['charge.refunded']) type: 'charge.refunded';
  @IsObject() @ValidateNested() @Type(() => ChargeDataDto) data: ChargeDataDto;
}

/** A Stripe event the service acts on, as validated for its type. */
export type StripeWebhook = StripePaymentIntentEventDto | StripeCheckoutSessionEventDto | StripeChargeEventDto;

/** The DTO each event type is validated against: its `data.object` is a PaymentIntent, a Checkout Session or a Charge. */
export const STRIPE_EVENT_DTO: Record<StripeEvent, Class<StripeWebhook>> = {
  'payment_intent.succeeded': StripePaymentIntentEventDto,
  'payment_intent.payment_failed': StripePaymentIntentEventDto,
  'checkout.session.completed': StripeCheckoutSessionEventDto,
  'charge.refunded': StripeChargeEventDto,
};

/** For Swagger: the fields the service reads of the PaymentIntent, Checkout Session or Charge in `data.object`. */
class StripeEventObjectDocDto {
  @ApiProperty({ example: 'pi_3QxN2vLkdIwHu7ix0Fq8Zr1K' }) id: string;
  @ApiProperty({ enum: ['payment_intent', 'checkout.session', 'charge'] }) object: string;
  @ApiProperty({ example: 'usd', description: 'Lower-case ISO 4217.' }) currency: string;
  @ApiPropertyOptional({
    example: { order_id: 'ORD-2026-12345' },
    description: "Our order id goes in `metadata.order_id` (Stripe copies a PaymentIntent's to its charge).",
  })
  metadata?: Record<string, string>;
  @ApiPropertyOptional({ example: 2499, description: 'PaymentIntent, Charge: in minor units (cents; yen for zero-decimal currencies).' })
  amount?: number;
  @ApiPropertyOptional({ example: 2499, description: 'PaymentIntent: what was received, checked against the order on success.' })
  amount_received?: number;
  @ApiPropertyOptional({ example: 2499, description: 'Checkout Session: in minor units.' }) amount_total?: number;
  @ApiPropertyOptional({ example: 'paid', description: 'Checkout Session: only `paid` marks the order paid.' }) payment_status?: string;
  @ApiPropertyOptional({ example: 'ORD-2026-12345', description: 'Checkout Session: our order id when metadata has none.' })
  client_reference_id?: string;
  @ApiPropertyOptional({ example: 2499, description: 'Charge: in minor units, all refunds of the charge so far.' })
  amount_refunded?: number;
}

class StripeEventDataDocDto {
  @ApiProperty({ type: StripeEventObjectDocDto }) object: StripeEventObjectDocDto;
}

/** A Stripe event as Stripe posts it (docs.stripe.com/api/events/object); validated by type against STRIPE_EVENT_DTO. */
export class StripeEventDto {
  @ApiProperty({ example: 'evt_3QxN2vLkdIwHu7ix0nS1rT8b', description: 'The dedupe key: the same on every retry.' }) id: string;
  @ApiProperty({ example: 'event' }) object: string;
  @ApiProperty({ enum: STRIPE_EVENTS, description: 'Other events are answered `ignored`.' }) type: StripeEvent;
  @ApiProperty({ example: 1_772_965_800, description: 'Unix seconds.' }) created: number;
  @ApiProperty({ type: StripeEventDataDocDto }) data: StripeEventDataDocDto;
}
