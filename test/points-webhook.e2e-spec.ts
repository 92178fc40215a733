import { randomBytes } from 'node:crypto';
import { POINTS_EXAMPLES } from '../src/gmetri-points/points-events.js';
import { WebhookInboxService } from '../src/webhooks/inbox/webhook-inbox.service.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const PROVIDER = 'gmetri-points';

/** A fresh transfer id per call, so tests never meet each other's transfers. */
const transferId = () => `TXN-${randomBytes(5).toString('hex')}`;
const newUser = () => `usr-${randomBytes(4).toString('hex')}`;

/** The seed's "Points Update Webhook", for a given user and transfer. */
const pointsUpdate = (userId: string | number, type: 'credit' | 'debit', points: number, extra: Record<string, unknown> = {}) => ({
  ...POINTS_EXAMPLES['points.updated'],
  user_id: userId,
  transferId: transferId(),
  type,
  points,
  ...extra,
});

const transferCompleted = (userId: string | number, id: string) => ({
  ...POINTS_EXAMPLES['transfer.completed'],
  user_id: userId,
  transferId: id,
});

describe('gmetri points webhook (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  const settled = (eventId: string) => app.settled(eventId);

  /** Posts an event and waits until the worker has processed it. */
  const deliver = async (body: object) => {
    const response = await app.post(PROVIDER, body);
    expect(response.status).toBe(200);
    return settled(response.body.eventId as string);
  };

  const points = async (userId: string, query = '') => {
    const response = await app.api(`/api/v2/users/${userId}/points${query}`);
    expect(response.status).toBe(200);
    return response.body as { userId: string; balance: number; ledger: Array<Record<string, unknown>>; nextBefore: string | null };
  };

  const ledgerSum = async (userId: string) => {
    const [row] = await app.db.query<{ sum: string | null }>('SELECT sum(amount) AS sum FROM points_ledger WHERE user_id = $1', [userId]);
    return Number(row.sum ?? 0);
  };

  it('credits the seed payload, with a numeric user id, and shows it in the balance and ledger', async () => {
    const body = pointsUpdate(Number(randomBytes(3).readUIntBE(0, 3)), 'credit', 500);
    const event = await deliver(body);
    const userId = String(body.user_id);

    expect(event).toMatchObject({ status: 'processed', outcome: 'applied', note: 'credit of 500 points: balance 0 → 500' });
    const view = await points(userId);
    expect(view).toMatchObject({ userId, balance: 500, nextBefore: null });
    expect(view.ledger).toEqual([
      expect.objectContaining({
        transferId: body.transferId,
        type: 'credit',
        points: 500,
        amount: 500,
        status: 'applied',
        reason: 'order_completion',
        refusal: null,
        occurredAt: '2026-03-08T12:00:00.000Z',
        confirmedAt: null,
      }),
    ]);
  });

  it('debits within the balance', async () => {
    const userId = newUser();
    await deliver(pointsUpdate(userId, 'credit', 500));
    const event = await deliver(pointsUpdate(userId, 'debit', 200, { reason: 'redemption' }));

    expect(event).toMatchObject({ outcome: 'applied', note: 'debit of 200 points: balance 500 → 300' });
    const view = await points(userId);
    expect(view.balance).toBe(300);
    expect(view.ledger.map((entry) => entry.amount)).toEqual([-200, 500]);
  });

  it('refuses a debit beyond the balance: balance unchanged, reason recorded, ops alerted on Slack', async () => {
    const userId = newUser();
    await deliver(pointsUpdate(userId, 'credit', 100));
    const debit = pointsUpdate(userId, 'debit', 600);
    const event = await deliver(debit);

    expect(event).toMatchObject({ status: 'processed', outcome: 'no_effect', note: 'debit of 600 points exceeds the balance of 100' });
    const view = await points(userId);
    expect(view.balance).toBe(100);
    expect(view.ledger[0]).toMatchObject({
      transferId: debit.transferId,
      status: 'refused',
      points: 600,
      amount: 0,
      refusal: 'debit of 600 points exceeds the balance of 100',
    });
    const alerts = await app.db.query('SELECT channel, template, recipient, payload FROM notifications WHERE dedupe_key LIKE $1', [
      `${event.id as string}:%`,
    ]);
    expect(alerts).toEqual([
      {
        channel: 'slack',
        template: 'points.debit_refused',
        recipient: null,
        payload: {
          userId,
          transferId: debit.transferId,
          points: 600,
          balance: 100,
          refusal: 'debit of 600 points exceeds the balance of 100',
        },
      },
    ]);
  });

  it('answers duplicate for a transfer delivered again, conflict for it with another body, and applies it once', async () => {
    const userId = newUser();
    const body = pointsUpdate(userId, 'credit', 250);
    const first = await app.post(PROVIDER, body);
    const again = await app.post(PROVIDER, body);
    const altered = await app.post(PROVIDER, { ...body, points: 9999, timestamp: '2026-03-09T00:00:00Z' });

    expect(again.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
    // The same transfer id with another body is not a retry: not applied, and ops are told (see dedupe-conflicts).
    expect(altered.body).toEqual({ status: 'conflict', eventId: first.body.eventId });
    await settled(first.body.eventId as string);
    expect((await points(userId)).balance).toBe(250);
    expect(await app.db.query('SELECT id FROM points_ledger WHERE transfer_id = $1', [body.transferId])).toHaveLength(1);
  });

  it('applies a transfer once when it comes back through another inbox entry (a replay)', async () => {
    const userId = newUser();
    const body = pointsUpdate(userId, 'credit', 300);
    await deliver(body);

    const inbox = app.app.get(WebhookInboxService);
    const replay = await inbox.accept({
      provider: PROVIDER,
      eventType: 'points.updated',
      dedupeKey: `replay|${body.transferId}`,
      payload: { ...body, user_id: userId },
    });
    const event = await settled(replay.eventId);

    expect(event).toMatchObject({ outcome: 'no_effect', note: `transfer ${body.transferId} is already in the ledger` });
    expect((await points(userId)).balance).toBe(300);
  });

  it('applies exactly 5 of 10 concurrent debits of 100 against a balance of 500, never going below zero', async () => {
    const userId = newUser();
    await deliver(pointsUpdate(userId, 'credit', 500));
    const debits = Array.from({ length: 10 }, () => pointsUpdate(userId, 'debit', 100));

    const responses = await Promise.all(debits.map((body) => app.post(PROVIDER, body)));
    expect(responses.map((response) => response.body.status)).toEqual(Array(10).fill('accepted'));
    const events = await Promise.all(responses.map((response) => settled(response.body.eventId as string)));

    expect(events.filter((event) => event.outcome === 'applied')).toHaveLength(5);
    expect(events.filter((event) => event.outcome === 'no_effect')).toHaveLength(5);
    // Decided one at a time under the user's lock: none had to be retried after hitting the balance CHECK.
    expect(events.map((event) => event.attempts)).toEqual(Array(10).fill(1));
    const view = await points(userId);
    expect(view.balance).toBe(0);
    expect(await ledgerSum(userId)).toBe(0);
    // Replaying the ledger in recording order never dips below zero.
    const running = view.ledger
      .map((entry) => entry.amount as number)
      .reverse()
      .reduce<number[]>((sums, amount) => [...sums, (sums.at(-1) ?? 0) + amount], []);
    expect(Math.min(...running)).toBeGreaterThanOrEqual(0);
  });

  it('confirms a transfer on transfer.completed, and confirms it once', async () => {
    const userId = newUser();
    const credit = pointsUpdate(userId, 'credit', 100);
    await deliver(credit);
    const event = await deliver(transferCompleted(userId, credit.transferId));

    expect(event).toMatchObject({ outcome: 'applied', note: `transfer ${credit.transferId} confirmed` });
    const view = await points(userId);
    expect(view.ledger[0]).toMatchObject({ transferId: credit.transferId, confirmedAt: '2026-03-08T12:00:05.000Z' });
    expect(view.balance).toBe(100);
    expect((await app.post(PROVIDER, transferCompleted(userId, credit.transferId))).body.status).toBe('duplicate');
  });

  it('retries a transfer.completed that arrives before its transfer, and confirms it once the transfer is in', async () => {
    const userId = newUser();
    const credit = pointsUpdate(userId, 'credit', 40);
    const early = await app.post(PROVIDER, transferCompleted(userId, credit.transferId));
    await waitFor(async () => (await app.event(early.body.eventId as string))?.status === 'retrying', { what: 'first try failed' });

    await deliver(credit);

    const event = await settled(early.body.eventId as string);
    expect(event).toMatchObject({ status: 'processed', outcome: 'applied' });
    expect((await points(userId)).ledger[0].confirmedAt).not.toBeNull();
  });

  it('records, without effect, a transfer.completed for a refused debit', async () => {
    const userId = newUser();
    const debit = pointsUpdate(userId, 'debit', 10);
    await deliver(debit);
    const event = await deliver(transferCompleted(userId, debit.transferId));
    expect(event).toMatchObject({ outcome: 'no_effect', note: `transfer ${debit.transferId} was refused; nothing to confirm` });
  });

  it('keeps every balance equal to its ledger sum, and pages the ledger newest first', async () => {
    const userId = newUser();
    for (const [type, amount] of [
      ['credit', 70],
      ['debit', 20],
      ['credit', 5],
      ['debit', 500],
    ] as const) {
      await deliver(pointsUpdate(userId, type, amount));
    }
    const firstPage = await points(userId, '?limit=3');
    const lastPage = await points(userId, `?limit=3&before=${firstPage.nextBefore}`);

    expect(firstPage.balance).toBe(55);
    expect([...firstPage.ledger, ...lastPage.ledger].map((entry) => entry.amount)).toEqual([0, 5, -20, 70]);
    expect(lastPage.nextBefore).toBeNull();
    expect(await ledgerSum(userId)).toBe(55);
    const drift = await app.db.query(`
      SELECT b.user_id FROM points_balances b
      LEFT JOIN (SELECT user_id, sum(amount) AS total FROM points_ledger GROUP BY user_id) l USING (user_id)
      WHERE b.balance <> coalesce(l.total, 0)`);
    expect(drift).toEqual([]);
  });

  it('answers 0 and an empty ledger for a user the platform never mentioned', async () => {
    expect(await points(newUser())).toMatchObject({ balance: 0, ledger: [], nextBefore: null });
  });

  it('needs the API key for the balance', async () => {
    const response = await app.api(`/api/v2/users/${newUser()}/points`, { apiKey: null });
    expect(response.status).toBe(401);
  });

  it('answers 400 to a malformed user id or page', async () => {
    for (const path of [
      '/api/v2/users/bad%20id/points',
      `/api/v2/users/${newUser()}/points?limit=0`,
      `/api/v2/users/${newUser()}/points?before=x`,
    ]) {
      expect((await app.api(path)).status).toBe(400);
    }
  });

  it('answers 400 naming the known events for an unknown event type, and stores nothing', async () => {
    const body = { ...pointsUpdate(newUser(), 'credit', 1), event: 'points.expired' };
    const response = await app.post(PROVIDER, body);

    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('event must be one of: points.updated, transfer.completed');
    expect(await app.db.query('SELECT id FROM webhook_events WHERE reference = $1', [body.transferId])).toEqual([]);
  });

  it('answers 400 for a points.updated without a positive whole number of points', async () => {
    const response = await app.post(PROVIDER, pointsUpdate(newUser(), 'debit', -100));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('points must not be less than 1');
  });

  it('documents the webhook with an example per event, and the balance route, in Swagger', async () => {
    const document = (await app.api('/docs-json')).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const webhook = document.paths['/api/v2/webhook/gmetri-points'].post;
    const examples = (webhook.requestBody as { content: Record<string, { examples: object }> }).content['application/json'].examples;

    expect(Object.keys(examples)).toEqual(['points.updated', 'transfer.completed']);
    expect(document.paths['/api/v2/users/{id}/points'].get).toMatchObject({ security: [{ 'api-key': [] }] });
  });

  it('answers 401 to an unsigned points webhook', async () => {
    const response = await app.post(PROVIDER, pointsUpdate(newUser(), 'credit', 1), { headers: { 'x-webhook-signature': 'sha256=00' } });
    expect(response.status).toBe(401);
  });
});
