import type { ValidationPipeOptions } from '@nestjs/common';

/** How every request body is validated: the global pipe, and the native webhooks that pick their DTO by event type. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  transform: true,
  validateCustomDecorators: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
};
