import type { ValidationPipeOptions } from '@nestjs/common';
import { flatDtoTransformer } from '../validation/flat-dto-transformer.js';

/** How webhook bodies are validated: the global pipe's for `@WebhookBody`, and the native webhooks that pick their DTO by event type (the internal API's queries and bodies are held tighter, see ApiValidationPipe). */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  transform: true,
  validateCustomDecorators: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
  // Every pipe of the app takes the same one: Nest's ValidationPipe keeps the transformer of the last pipe made, for all.
  transformerPackage: flatDtoTransformer,
};
