import { validateCronExpression } from 'cron';
import { type ValidationOptions, ValidateBy } from 'class-validator';

/** A cron expression the scheduler accepts: five fields, or six with seconds first. */
export function IsCronExpression(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCronExpression',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validateCronExpression(value).valid,
        defaultMessage: (args) => `${args?.property} must be a cron expression such as "*/5 * * * *"`,
      },
    },
    options,
  );
}
