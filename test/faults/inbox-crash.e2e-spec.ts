import { AppProcess } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { postWebhook, type WebhookResponse } from '../support/signing.js';
import { TestApp, testSecret } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import { allSettled, createOrders, inParallel, paidOrders, paymentEmails, paymentSuccessFor } from './fault-fixtures.js';

const EVENTS = 150;
/** Each event is posted twice in a row, so copies of one event meet in a batch. */
const COPIES = 2;
const IN_FLIGHT = 40;
/** Short, so that the restarted process takes over the killed one's jobs within a second or two. */
const SETTINGS = { APP_ROLE: 'all', QUEUE_LOCK_DURATION_MS: '1000', QUEUE_STALLED_INTERVAL_MS: '1000' };

/**
 * The inbox answers a webhook only after the commit that holds its row
 * (group commit, WebhookInboxWriter): a process killed with batches in
 * flight may lose unanswered requests, which the provider retries, never
 * an answered one.
 */
describe('fault: the app process is killed while inbox batches are in flight', () => {
  let app: TestApp;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    // Its database, queue prefix and settings serve the app processes; it takes no webhooks itself.
    app = await TestApp.start({ env: { APP_ROLE: 'api' } });
  });

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.kill()));
    await app?.stop();
  });

  async function startProcess(): Promise<string> {
    const port = await freePort();
    processes.push(await AppProcess.start(app, { ...SETTINGS, PORT: String(port) }));
    return `http://127.0.0.1:${port}`;
  }

  it('keeps every event it answered 2xx: after a restart and the retries, each is stored once and applied once', async () => {
    const orders = await createOrders(app.db, 'INBOXKILL', EVENTS);
    const bodies = orders.flatMap((id) => Array<string>(COPIES).fill(JSON.stringify(paymentSuccessFor(id))));
    const url = await startProcess();
    let answeredOk = 0;
    const post = async (target: string, body: string): Promise<WebhookResponse | undefined> => {
      const answer = await postWebhook(target, 'payment', body, { secret: testSecret('payment') }).catch(() => undefined);
      if (answer && answer.status < 300) answeredOk += 1;
      return answer;
    };

    const load = inParallel(bodies, IN_FLIGHT, async (body) => ({ body, answer: await post(url, body) }));
    await waitFor(async () => answeredOk >= bodies.length / 4, { what: 'a quarter of the load answered', timeoutMs: 60_000 });
    processes[0].signal('SIGKILL');
    await processes[0].exited;
    const answers = await load;

    const ok = answers.filter(({ answer }) => answer !== undefined && answer.status < 300);
    const unanswered = answers.filter(({ answer }) => answer === undefined || answer.status >= 300);
    expect(unanswered.length).toBeGreaterThan(0);
    // Every event answered 2xx is in Postgres, with the id the answer named: nothing was answered before its commit.
    const answeredIds = [...new Set(ok.map(({ answer }) => answer!.body.eventId as string))];
    const stored = await app.db.query<{ id: string }>('SELECT id FROM webhook_events WHERE id = ANY($1::uuid[])', [answeredIds]);
    expect(stored).toHaveLength(answeredIds.length);

    // The provider retries what got no answer (or an error), at the restarted process.
    const restarted = await startProcess();
    const retried = await inParallel(unanswered, 10, async ({ body }) => post(restarted, body));
    expect(retried.filter((answer) => answer?.status !== 200)).toEqual([]);

    const counts = await allSettled(app.db, EVENTS, 60_000);
    expect(counts).toEqual({ stored: EVENTS, processed: EVENTS, applied: EVENTS, unfinished: 0 });
    expect(await paidOrders(app.db, 'INBOXKILL')).toBe(EVENTS);
    expect(await paymentEmails(app.db, 'INBOXKILL')).toEqual({ rows: EVENTS, orders: EVENTS });
  }, 240_000);
});
