import type { ValidationPipeOptions } from '@nestjs/common';

/** How webhook bodies are validated: the global pipe's for `@WebhookBody`, and the native webhooks that pick their DTO by event type (the internal API's queries and bodies are held tighter, see ApiValidationPipe). */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  transform: true,
  validateCustomDecorators: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
};
