import { type ValidationOptions, ValidateBy } from 'class-validator';

/**
 * An id sent as a non-empty string of at most `maxLength` characters, or as a
 * non-negative safe integer: some providers change an id's JSON type between
 * API versions (Cashfree's `cf_payment_id` is a string in 2025-01-01 payment
 * webhooks, a number in older ones and in refund webhooks).
 */
export function IsIdentifier(maxLength = 100, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIdentifier',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.length > 0 && value.length <= maxLength) ||
          (Number.isSafeInteger(value) && (value as number) >= 0),
        defaultMessage: (args) =>
          `${args?.property} must be a non-empty string of at most ${maxLength} characters, or a non-negative integer`,
      },
    },
    options,
  );
}
