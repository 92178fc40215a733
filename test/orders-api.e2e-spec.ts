import { TestApp } from './support/test-app.js';

const validOrder = (id: string) => ({
  id,
  amount: 2499.0,
  currency: 'INR',
  kind: 'physical',
  customer: { email: 'john.doe@example.com', phone: '+919876543210' },
});

describe('orders API (X-Api-Key)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  it.each([
    ['without X-Api-Key', null],
    ['with a wrong X-Api-Key', 'not-the-admin-key-0123'],
    ['with an empty X-Api-Key', ''],
  ])('401 %s, for create and read, and creates nothing', async (_, apiKey) => {
    const create = await app.api('/api/v2/orders', { method: 'POST', body: validOrder('ORD-NO-KEY'), apiKey });
    const read = await app.api('/api/v2/orders/ORD-NO-KEY', { apiKey });
    expect([create.status, read.status]).toEqual([401, 401]);
    expect(create.body).toMatchObject({ statusCode: 401, message: 'Missing or wrong x-api-key header.' });
    expect(await app.db.query('SELECT id FROM orders WHERE id = $1', ['ORD-NO-KEY'])).toEqual([]);
  });

  it('201 with the new order, pending and unfulfilled, with no events yet; GET returns the same', async () => {
    const created = await app.api('/api/v2/orders', { method: 'POST', body: validOrder('ORD-2026-00001') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'ORD-2026-00001',
      amount: 2499,
      currency: 'INR',
      kind: 'physical',
      customer: { email: 'john.doe@example.com', phone: '+919876543210' },
      paymentStatus: 'pending',
      fulfillmentStatus: 'unfulfilled',
      events: [],
    });

    const read = await app.api('/api/v2/orders/ORD-2026-00001');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('accepts a digital order and an order without contact details', async () => {
    const created = await app.api('/api/v2/orders', {
      method: 'POST',
      body: { id: 'ORD-DIGITAL-1', amount: 10.5, currency: 'usd', kind: 'digital', customer: {} },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'ORD-DIGITAL-1', amount: 10.5, currency: 'USD', kind: 'digital' });
  });

  it('409 for an id that exists, leaving the first order as it was', async () => {
    await app.api('/api/v2/orders', { method: 'POST', body: validOrder('ORD-TWICE') });
    const again = await app.api('/api/v2/orders', { method: 'POST', body: { ...validOrder('ORD-TWICE'), amount: 1 } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, message: 'Order ORD-TWICE already exists.' });
    expect((await app.order('ORD-TWICE')).amount).toBe(2499);
  });

  it.each([
    ['id', { id: 'has spaces' }],
    ['amount', { amount: -5 }],
    ['amount', { amount: 'lots' }],
    ['amount', { amount: 10.123 }],
    ['currency', { currency: 'RUPEES' }],
    ['kind', { kind: 'subscription' }],
    ['customer.email', { customer: { email: 'not-an-email' } }],
    ['customer.phone', { customer: { phone: 'call me' } }],
  ])('400 naming %s for %j', async (field, override) => {
    const id = `ORD-BAD-${field.replace('.', '-')}`;
    const response = await app.api('/api/v2/orders', { method: 'POST', body: { ...validOrder(id), ...override } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, message: expect.arrayContaining([expect.stringContaining(field)]) });
    expect(await app.db.query('SELECT id FROM orders WHERE id = $1', ['id' in override ? override.id : id])).toEqual([]);
  });

  it('400, not a server error, when only the customer is missing', async () => {
    const { customer: _, ...withoutCustomer } = validOrder('ORD-NO-CUSTOMER');
    const response = await app.api('/api/v2/orders', { method: 'POST', body: withoutCustomer });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(['customer must be an object']);
  });

  it('400 naming every missing field', async () => {
    const response = await app.api('/api/v2/orders', { method: 'POST', body: {} });
    expect(response.status).toBe(400);
    const messages = (response.body.message as string[]).join('\n');
    for (const field of ['id', 'amount', 'currency', 'kind', 'customer']) expect(messages).toContain(field);
  });

  it('400 with a JSON error for a malformed JSON body', async () => {
    const response = await fetch(`${app.url}/api/v2/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test-admin-key-0123456789' },
      body: '{"id": "ORD-',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('404 for an unknown order', async () => {
    const response = await app.api('/api/v2/orders/ORD-NOBODY');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, message: 'Order ORD-NOBODY not found.' });
  });

  it('takes optional items that add up to the amount, and shows them', async () => {
    const items = [
      { sku: 'TSHIRT-M', quantity: 2, unitPrice: 999.5 },
      { sku: 'MUG', quantity: 1, unitPrice: 500 },
    ];
    const created = await app.api('/api/v2/orders', { method: 'POST', body: { ...validOrder('ORD-ITEMS-1'), items } });
    expect(created.status).toBe(201);
    expect(created.body.items).toEqual(items);
    expect((await app.api('/api/v2/orders/ORD-ITEMS-1')).body.items).toEqual(items);
  });

  it('400 for items that do not add up to the amount, or that are malformed, and creates nothing', async () => {
    const wrongTotal = await app.api('/api/v2/orders', {
      method: 'POST',
      body: { ...validOrder('ORD-ITEMS-2'), items: [{ sku: 'MUG', quantity: 2, unitPrice: 500 }] },
    });
    expect(wrongTotal).toMatchObject({ status: 400, body: { message: 'items add up to 1000.00, not the amount 2499.00' } });
    const malformed = await app.api('/api/v2/orders', {
      method: 'POST',
      body: { ...validOrder('ORD-ITEMS-3'), items: [{ sku: 'MUG', quantity: 0, unitPrice: 2499 }] },
    });
    expect(malformed.status).toBe(400);
    expect(await app.db.query("SELECT id FROM orders WHERE id LIKE 'ORD-ITEMS-%' AND id <> 'ORD-ITEMS-1'")).toEqual([]);
  });
});
