import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Queue from 'bull';
import pg from 'pg';
import { WEBHOOK_EVENTS_QUEUE } from '../src/webhooks/processing/webhook-queue.js';
import { batchedInbox, type Inbox, perRequestInbox } from './baseline-inbox.js';

/**
 * The least a webhook endpoint can do and keep the service's promises: the
 * yardsticks the app is measured against. Per request: read the raw body,
 * check its HMAC in constant time, store the event with ON CONFLICT dedupe and
 * queue the same Bull job as the app, answer 200 once both are done.
 * BASELINE_MODE=per-request (the default) stores each request on its own;
 * BASELINE_MODE=batched group-commits the requests arriving together
 * (bench/baseline-inbox.ts). Started by bench/run.ts.
 */
const env = process.env;
const BODY_LIMIT = 1_048_576;
const INBOXES = { 'per-request': perRequestInbox, batched: batchedInbox };

const secret = required('WEBHOOK_SECRET_PAYMENT');
const mode = (env.BASELINE_MODE ?? 'per-request') as keyof typeof INBOXES;
if (!(mode in INBOXES)) throw new Error(`BASELINE_MODE must be one of ${Object.keys(INBOXES).join(', ')}`);
const retryDelaysMs = (env.WEBHOOK_RETRY_DELAYS_MS ?? '30000,300000,1800000').split(',').map(Number);
const pool = new pg.Pool({ connectionString: required('DATABASE_URL'), max: Number(env.DATABASE_POOL_SIZE ?? 20) });
const queue = new Queue(WEBHOOK_EVENTS_QUEUE, required('REDIS_URL'), { prefix: required('QUEUE_PREFIX') });
const inbox: Inbox = INBOXES[mode](pool, queue, retryDelaysMs);

const server = createServer((request, response) => {
  handle(request, response).catch((error: Error) => answer(response, 503, { message: error.message }));
});
server.listen(Number(env.PORT ?? 3100), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void Promise.all([pool.end(), queue.close()]).then(() => process.exit(0))));

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET') return answer(response, 200, { status: 'ok' });
  const body = await readBody(request);
  if (!body) return answer(response, 413, { message: 'Request body exceeds the size limit.' });
  if (!signatureMatches(body, request.headers['x-webhook-signature']))
    return answer(response, 401, { message: 'Invalid webhook signature.' });
  const payload = body.toString('utf8');
  const event = JSON.parse(payload) as Record<string, string | undefined>;
  const dedupeKey = event.event_id
    ? `id:${event.event_id}`
    : [event.event, event.order_id, event.payment_id, event.refund_id, event.timestamp].join('|');
  const stored = await inbox({ eventType: event.event, dedupeKey, reference: event.order_id, payload, requestId: randomUUID() });
  answer(response, 200, stored);
}

function signatureMatches(body: Buffer, header: string | string[] | undefined): boolean {
  const given = typeof header === 'string' ? Buffer.from(header.replace('sha256=', ''), 'hex') : Buffer.alloc(0);
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function answer(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function required(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
