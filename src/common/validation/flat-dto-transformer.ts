import type { TransformerPackage } from '@nestjs/common/interfaces/external/transformer-package.interface.js';
import { classToPlain, type ClassTransformOptions, plainToInstance, TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';

type Constructor = new () => object;

const flatness = new WeakMap<Constructor, boolean>();

/**
 * The ValidationPipe's transformer: class-transformer, with a short cut for
 * the common webhook case, a DTO without any class-transformer decorator
 * (@Type, @Transform, @Expose, @Exclude) given a JSON object whose values are
 * all scalars. For that case class-transformer's walk comes to `new Dto()`
 * with the object's keys assigned, skipping a key the instance has as a method
 * or the prototype as a read-only accessor; this does the same directly, at
 * a fraction of its cost (it was a fifth of the validation's). Anything
 * else goes to class-transformer.
 */
export const flatDtoTransformer: TransformerPackage = {
  plainToInstance<T>(cls: new () => T, plain: unknown, options?: ClassTransformOptions): T | T[] {
    if (options === undefined && isScalarObject(plain) && isFlat(cls as Constructor)) return assignScalars(cls, plain);
    return plainToInstance(cls, plain, options);
  },
  classToPlain: (object, options) => classToPlain(object, options),
};

function assignScalars<T>(cls: new () => T, plain: Record<string, unknown>): T {
  const instance = new cls() as Record<string, unknown>;
  const prototype = cls.prototype as object;
  for (const key of Object.keys(plain)) {
    if (key === '__proto__' || instance[key] instanceof Function) continue;
    const accessor = Object.getOwnPropertyDescriptor(prototype, key);
    if (accessor && !accessor.set) continue;
    instance[key] = plain[key];
  }
  return instance as T;
}

function isScalarObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') return false;
  }
  return Object.getPrototypeOf(value) === Object.prototype;
}

/** No class-transformer decorator on the class, its ancestors or any of its properties (read once per class). */
function isFlat(cls: Constructor): boolean {
  let flat = flatness.get(cls);
  if (flat === undefined) {
    flat = computeFlatness(cls);
    flatness.set(cls, flat);
  }
  return flat;
}

function computeFlatness(cls: Constructor): boolean {
  const storage = defaultMetadataStorage;
  if (storage.getStrategy(cls) !== 'none') return false;
  if (storage.getExposedMetadatas(cls).length > 0 || storage.getExcludedMetadatas(cls).length > 0) return false;
  let declared: string[];
  try {
    declared = Object.keys(new cls());
  } catch {
    return false;
  }
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .map((rule) => rule.propertyName);
  return [...declared, ...validated].every(
    (property) =>
      storage.findTypeMetadata(cls, property) === undefined &&
      storage.findTransformMetadatas(cls, property, TransformationType.PLAIN_TO_CLASS).length === 0,
  );
}
