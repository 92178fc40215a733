import { IsInt, IsString, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

class Parent {
  @IsString()
  name!: unknown;
}

class Child extends Parent {
  @IsInt()
  count!: unknown;
}

const failing = (value: object) => validateSync(value).map((error) => error.property);

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates as class-validator does, inherited rules included, lookup after lookup', () => {
    for (let i = 0; i < 3; i += 1) {
      expect(failing(Object.assign(new Child(), { name: 1, count: 'x' }))).toEqual(['count', 'name']);
      expect(failing(Object.assign(new Child(), { name: 'a', count: 2 }))).toEqual([]);
      expect(failing(Object.assign(new Parent(), { name: 1, count: 'x' }))).toEqual(['name']);
    }
  });

  it('sees a rule added after a lookup', () => {
    class Late {
      size!: unknown;
    }
    expect(failing(Object.assign(new Late(), { size: 'x' }))).toEqual([]);
    IsInt()(Late.prototype, 'size');
    expect(failing(Object.assign(new Late(), { size: 'x' }))).toEqual(['size']);
  });

  it('patches the storage once', () => {
    cacheValidationMetadata();
    expect(failing(Object.assign(new Child(), { name: 1, count: 2 }))).toEqual(['name']);
  });
});
