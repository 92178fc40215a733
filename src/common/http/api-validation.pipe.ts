import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform, ValidationPipe } from '@nestjs/common';
import { VALIDATION_OPTIONS } from './validation-options.js';

/**
 * The global pipe. Webhook bodies (`@WebhookBody`, a custom decorator) are
 * validated as VALIDATION_OPTIONS say: providers add fields, and those must
 * not cost a 400. What an operator or the storefront sends to the internal
 * API is held tighter, so that nothing Postgres or the query builder cannot
 * take gets that far (a 500, with the value in the error): a NUL anywhere is
 * a 400; a query or path key no DTO declares (`x[]=1`, `provider[a]=`) is a
 * 400; a body key no DTO declares is dropped.
 */
@Injectable()
export class ApiValidationPipe implements PipeTransform {
  private readonly webhooks = new ValidationPipe(VALIDATION_OPTIONS);
  private readonly queries = new ValidationPipe({ ...VALIDATION_OPTIONS, whitelist: true, forbidNonWhitelisted: true });
  private readonly bodies = new ValidationPipe({ ...VALIDATION_OPTIONS, whitelist: true });

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return this.webhooks.transform(value, metadata);
    const where = nulIn(value, metadata.data ?? metadata.type);
    if (where) throw new BadRequestException([`${where} must not contain a NUL character`]);
    return (metadata.type === 'body' ? this.bodies : this.queries).transform(value, metadata);
  }
}

/** Where the first NUL is, in a key or a string value at any depth (never the value itself). */
function nulIn(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\0')) return path;
    const found = nulIn(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
