import { TestApp } from '../support/test-app.js';
import { allSettled, createOrders, inParallel, paidOrders, paymentEmails, paymentSuccessFor } from './fault-fixtures.js';

const DISTINCT = 100;
const COPIES = 10;
const IN_FLIGHT = 100;

describe('fault: a duplicate storm', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it(`stores and applies exactly ${DISTINCT} events when ${DISTINCT * COPIES} requests carry ${COPIES} copies of each, concurrently`, async () => {
    const orders = await createOrders(app.db, 'STORM', DISTINCT);
    const bodies = orders.map((id) => JSON.stringify(paymentSuccessFor(id)));
    const requests = shuffle(bodies.flatMap((body) => Array<string>(COPIES).fill(body)));

    const responses = await inParallel(requests, IN_FLIGHT, async (body) => ({ body, response: await app.post('payment', body) }));

    expect(responses.filter(({ response }) => response.status !== 200)).toEqual([]);
    const byBody = new Map<string, Set<unknown>>();
    for (const { body, response } of responses) byBody.set(body, (byBody.get(body) ?? new Set()).add(response.body.eventId));
    expect([...byBody.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(responses.filter(({ response }) => response.body.status === 'accepted')).toHaveLength(DISTINCT);

    const counts = await allSettled(app.db, DISTINCT);
    expect(counts).toEqual({ stored: DISTINCT, processed: DISTINCT, applied: DISTINCT, unfinished: 0 });
    expect(await paidOrders(app.db, 'STORM')).toBe(DISTINCT);
    expect(await paymentEmails(app.db, 'STORM')).toEqual({ rows: DISTINCT, orders: DISTINCT });
  });
});

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
