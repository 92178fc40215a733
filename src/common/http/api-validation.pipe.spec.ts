import { BadRequestException } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { ApiValidationPipe } from './api-validation.pipe.js';

class Filter {
  @IsOptional()
  @IsString()
  provider?: string;
}

describe('ApiValidationPipe', () => {
  const pipe = new ApiValidationPipe();
  const messageOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(BadRequestException);
    return JSON.stringify((error as BadRequestException).getResponse());
  };

  it('refuses a NUL in a query value, a path parameter or a body, naming where and not the value', async () => {
    expect(await messageOf(pipe.transform({ provider: 'pay\0ment' }, { type: 'query', metatype: Filter }))).toContain(
      'query.provider must not contain a NUL character',
    );
    expect(await messageOf(pipe.transform('ORD\0X', { type: 'param', metatype: String, data: 'id' }))).toContain(
      'id must not contain a NUL character',
    );
    const message = await messageOf(pipe.transform({ customer: { email: 'secret\0@x' } }, { type: 'body', metatype: Filter }));
    expect(message).toContain('body.customer.email must not contain a NUL character');
    expect(message).not.toContain('secret');
  });

  it('refuses query keys no DTO declares (x[]=1), and drops body keys no DTO declares', async () => {
    expect(await messageOf(pipe.transform({ 'x[]': '1' }, { type: 'query', metatype: Filter }))).toContain('property x[] should not exist');
    expect(await pipe.transform({ provider: 'payment', 'x[]': '1' }, { type: 'body', metatype: Filter })).toEqual(
      Object.assign(new Filter(), { provider: 'payment' }),
    );
  });

  it('leaves webhook bodies (@WebhookBody, a custom decorator) to the lenient options: fields providers add are kept', async () => {
    const body = await pipe.transform({ provider: 'payment', added_by_provider: 1 }, { type: 'custom', metatype: Filter });
    expect(body).toMatchObject({ provider: 'payment', added_by_provider: 1 });
  });
});
