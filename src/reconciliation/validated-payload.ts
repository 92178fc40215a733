import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/**
 * A provider API's answer, rewritten as the webhook it stands for, must pass
 * the same DTO the webhook endpoint validates with: the handlers trust it.
 */
export async function validatedPayload<T extends object>(dto: ClassConstructor<T>, plain: object, what: string): Promise<T> {
  const payload = plainToInstance(dto, plain);
  const errors = await validate(payload, { forbidUnknownValues: true });
  if (errors.length > 0) throw new Error(`${what} is not valid: ${errors.flatMap(describe).join('; ')}`);
  return payload;
}

function describe(error: { constraints?: Record<string, string>; children?: unknown[]; property: string }): string[] {
  const own = Object.values(error.constraints ?? {});
  const nested = (error.children ?? []).flatMap((child) => describe(child as typeof error));
  return own.length > 0 || nested.length > 0 ? [...own, ...nested] : [`${error.property} is invalid`];
}
