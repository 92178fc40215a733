import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Allow,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '../../orders/dto/create-order.dto.js';

/** Shiprocket's times: "23 05 2023 11:43:52" (also seen as "2023-05-23 11:43:52"), in IST without a zone. */
export const SHIPROCKET_TIME = /^(?:\d{2} \d{2} \d{4}|\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}$/;

/** A string of 1 to `max` characters, or a non-negative integer (Shiprocket sends some ids either way). */
function IsStringOrInteger(max: number, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isStringOrInteger',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.length >= 1 && value.length <= max) ||
          (Number.isSafeInteger(value) && (value as number) >= 0),
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must be a string of 1-${max} characters or a whole number`,
      },
    },
    options,
  );
}

/** Our order id, as a string or (all digits) a number. */
function IsOurOrderId(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isOurOrderId',
      validator: {
        validate: (value: unknown) => (typeof value === 'string' || Number.isSafeInteger(value)) && ORDER_ID_PATTERN.test(String(value)),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be our order id (${ORDER_ID_RULE}): create the Shiprocket order with our order id as its order_id`,
      },
    },
    options,
  );
}

/** A Shiprocket tracking webhook of a status the service acts on (apidocs.shiprocket.in, Webhooks); the many other fields are kept as sent. */
export class ShiprocketWebhookDto {
  @ApiProperty({ example: '19041424751540', description: 'Air waybill number: identifies the shipment (a string, or a number).' })
  @IsStringOrInteger(100)
  awb: string | number;

  @ApiProperty({ example: 'ORD-2026-12345', description: 'Our order id: the order_id the Shiprocket order was created with.' })
  @IsOurOrderId()
  order_id: string | number;

  @ApiProperty({
    example: 18,
    description:
      "Shiprocket's shipment status (its shipment status table): 6 SHIPPED, 42 PICKED UP, 18 IN TRANSIT, 38 REACHED AT DESTINATION HUB, 17 OUT FOR DELIVERY, 7 DELIVERED, 21 UNDELIVERED are acted on; any other is answered `ignored`.",
  })
  @IsStringOrInteger(6)
  shipment_status_id: number | string;

  @ApiPropertyOptional({ example: 'IN TRANSIT' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  shipment_status?: string;

  @ApiPropertyOptional({ example: 'IN TRANSIT', description: "The courier's status text, kept in the tracking history." })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  current_status?: string;

  @ApiPropertyOptional({ example: 20, description: "In Shiprocket's order status table: not read." })
  @Allow()
  current_status_id?: unknown;

  @ApiProperty({
    example: '23 05 2023 11:43:52',
    description: 'When the status was recorded, in IST (UTC+05:30) without a zone; scans are ordered by it.',
  })
  @IsString()
  @Matches(SHIPROCKET_TIME, { message: 'current_timestamp must be a time as Shiprocket sends it, e.g. "23 05 2023 11:43:52" (IST)' })
  current_timestamp: string;

  @ApiPropertyOptional({ description: 'Every scan so far, oldest first; the latest one gives the location kept in the tracking history.' })
  @IsOptional()
  @IsArray()
  scans?: unknown[];

  @ApiPropertyOptional({ example: 0, description: '1 for a return shipment: its scans are answered `ignored`.' })
  @Allow()
  is_return?: unknown;
}
