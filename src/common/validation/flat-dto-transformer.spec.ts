import { Exclude, Expose, plainToInstance, Transform, Type } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { PaymentWebhookDto } from '../../payment/dto/payment-webhook.dto.js';
import { flatDtoTransformer } from './flat-dto-transformer.js';

class Flat {
  @IsString()
  name: string;

  @IsOptional()
  count?: number;

  get label(): string {
    return `${this.name}`;
  }

  describe(): string {
    return this.name;
  }
}

class Trimmed {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  name: string;
}

class Line {
  sku: string;
}

class WithNested {
  @Type(() => Line)
  line: Line;
}

@Exclude()
class ExposedOnly {
  @Expose()
  kept: string;
}

class Inherits extends Trimmed {
  other: string;
}

const bodies: Array<Record<string, unknown>> = [
  { event: 'payment.success', order_id: 'ORD-1', amount: 2499.5, currency: 'INR', payment_id: 'pay_1', extra: true, missing: null },
  { name: '  padded  ', count: 3, label: 'read-only accessor', describe: 'a method name', toString: 'shadow', constructor: 'x' },
  { name: 'x', line: { sku: 'A' } },
  { kept: 'yes', dropped: 'no' },
  {},
];

describe('flatDtoTransformer', () => {
  it.each([PaymentWebhookDto, Flat, Trimmed, WithNested, ExposedOnly, Inherits])(
    'gives what class-transformer gives, for every body: %p',
    (dto: new () => object) => {
      for (const body of bodies) {
        const fast = flatDtoTransformer.plainToInstance(dto, structuredClone(body));
        const reference = plainToInstance(dto, structuredClone(body));
        expect(fast).toBeInstanceOf(dto);
        expect(fast).toEqual(reference);
        expect(Object.keys(fast)).toEqual(Object.keys(reference));
      }
    },
  );

  it('takes the short cut only for a DTO without class-transformer decorators and a body of scalars', () => {
    const body = { name: '  padded  ', count: 3 };
    // A short cut for Trimmed would skip its @Transform: the name would keep its spaces.
    expect((flatDtoTransformer.plainToInstance(Trimmed, body) as Trimmed).name).toBe('padded');
    expect((flatDtoTransformer.plainToInstance(Inherits, body) as Inherits).name).toBe('padded');
    expect((flatDtoTransformer.plainToInstance(WithNested, { line: { sku: 'A' } }) as WithNested).line).toBeInstanceOf(Line);
    expect(flatDtoTransformer.plainToInstance(ExposedOnly, { kept: 'a', dropped: 'b' })).toEqual({ kept: 'a' });
  });

  it('copies nothing it is given by reference, and leaves the body as it was', () => {
    const body = { name: 'n', count: 1 };
    const fast = flatDtoTransformer.plainToInstance(Flat, body) as Flat;
    fast.name = 'changed';
    expect(body).toEqual({ name: 'n', count: 1 });
  });

  it('hands arrays and options to class-transformer', () => {
    const items = flatDtoTransformer.plainToInstance(Flat, [{ name: 'a' }, { name: 'b' }]) as Flat[];
    expect(items.map((item) => item.name)).toEqual(['a', 'b']);
    expect(items[0]).toBeInstanceOf(Flat);
    expect(flatDtoTransformer.plainToInstance(Flat, { name: 'a', count: '2' }, { enableImplicitConversion: true })).toEqual(
      plainToInstance(Flat, { name: 'a', count: '2' }, { enableImplicitConversion: true }),
    );
  });
});
