import { type Type, ValidationPipe } from '@nestjs/common';
import { VALIDATION_OPTIONS } from '../../common/http/validation-options.js';

const pipe = new ValidationPipe(VALIDATION_OPTIONS);

/**
 * Validates a parsed webhook body against a DTO chosen at run time (a native
 * provider's shape depends on its event type), exactly as the global pipe
 * would: a 400 listing every problem.
 */
export function validateWebhookBody<T extends object>(dto: Type<T>, body: object): Promise<T> {
  return pipe.transform(body, { type: 'body', metatype: dto }) as Promise<T>;
}
