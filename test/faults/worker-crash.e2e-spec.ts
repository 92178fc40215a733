import pg from 'pg';
import { AppProcess } from '../support/app-process.js';
import { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import { allSettled, createOrders, eventCounts, inParallel, paidOrders, paymentEmails, paymentSuccessFor } from './fault-fixtures.js';

const EVENTS = 60;
/** Orders whose row the test holds, so their jobs are certainly in hand when the worker dies. */
const HELD = 3;
/** Short, so that the second worker takes over the dead one's jobs within a second or two. */
const WORKER_SETTINGS = {
  APP_ROLE: 'worker',
  WEBHOOK_WORKER_CONCURRENCY: '5',
  QUEUE_LOCK_DURATION_MS: '1000',
  QUEUE_STALLED_INTERVAL_MS: '1000',
};

describe('fault: a worker process is killed mid-handling', () => {
  let app: TestApp;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    app = await TestApp.start({ env: { APP_ROLE: 'api' } });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await app?.stop();
  });

  it('ends with every event processed exactly once: one payment, one e-mail per order', async () => {
    const orders = await createOrders(app.db, 'CRASH', EVENTS);
    const blocker = new pg.Client({ connectionString: app.db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM orders WHERE id = ANY($1) FOR UPDATE', [orders.slice(0, HELD)]);

    workers.push(await AppProcess.start(app, WORKER_SETTINGS));
    const answers = await inParallel(orders, 10, (id) => app.post('payment', paymentSuccessFor(id)));
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    await waitFor(async () => (await lockWaiters()) >= HELD && (await eventCounts(app.db)).processed >= 10, {
      what: 'the worker busy: some events done, the held ones in hand',
    });

    workers[0].signal('SIGKILL');
    await workers[0].exited;
    await blocker.query('ROLLBACK');
    await blocker.end();
    workers.push(await AppProcess.start(app, WORKER_SETTINGS));

    const counts = await allSettled(app.db, EVENTS, 45_000);
    expect(counts).toEqual({ stored: EVENTS, processed: EVENTS, applied: EVENTS, unfinished: 0 });
    // A try cut short by the kill committed nothing, so each event records exactly one successful try.
    expect(await app.db.query('SELECT attempts, count(*)::int AS n FROM webhook_events GROUP BY attempts')).toEqual([
      { attempts: 1, n: EVENTS },
    ]);
    expect(await paidOrders(app.db, 'CRASH')).toBe(EVENTS);
    expect(await paymentEmails(app.db, 'CRASH')).toEqual({ rows: EVENTS, orders: EVENTS });
  });

  const lockWaiters = async () =>
    Number(
      (
        await app.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0].n,
    );
});
