import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { providerEnvSuffix } from '../src/webhooks/verification/provider-settings.js';
import { WEBHOOK_VERIFIERS } from '../src/webhooks/verification/webhook-verifiers.js';
import { SUPPLIER_EXAMPLES, SUPPLIER_PROVIDER } from '../src/supplier/supplier-events.js';
import { PAYMENT_EXAMPLES, PAYMENT_PROVIDER } from '../src/payment/payment-events.js';
import { GMETRI_POINTS_PROVIDER, POINTS_EXAMPLES } from '../src/gmetri-points/points-events.js';
import { SHIPPING_EXAMPLES, SHIPPING_PROVIDER } from '../src/shipping/shipping-events.js';
import { ORDER_PAYMENT_EXAMPLES, ORDER_PAYMENT_PROVIDER } from '../src/order-payment/order-payment-events.js';
import { RAZORPAY_EXAMPLES, RAZORPAY_PROVIDER } from '../src/razorpay/razorpay-events.js';
import { CASHFREE_EXAMPLES } from '../src/cashfree/cashfree-events.js';
import { STRIPE_EXAMPLES } from '../src/stripe/stripe-events.js';
import { SHOPIFY_EXAMPLES, SHOPIFY_PROVIDER } from '../src/shopify/shopify-events.js';
import { SHIPROCKET_EXAMPLES, SHIPROCKET_PROVIDER } from '../src/shiprocket/shiprocket-events.js';

type Payload = Record<string, unknown>;

/** What makes an example a new event: the time it is sent, fresh ids, the order given, what was sent before. */
interface Freshness {
  now: string;
  fresh: (prefix: string) => string;
  orderId?: string;
  state: SentState;
}

/**
 * Each provider's example payloads (the ones Swagger shows), where its payload names our order,
 * and how a send becomes a new event (fresh ids, times now; ids that belong to the order derive from it).
 */
interface SimulatedProvider {
  examples: Record<string, object>;
  setOrder?: (payload: Payload, orderId: string) => void;
  freshen: (payload: Payload, f: Freshness) => void;
  /** A native provider's own signature scheme; the others sign with WEBHOOK_SCHEME_<P>, else hmac-sha256. */
  scheme?: string;
  /** Headers the provider sends beside its signature, by example name (Shopify's topic). */
  headers?: (example: string) => Record<string, string>;
}

/** Where a Razorpay entity names our order: its notes (and the Razorpay order's receipt). */
function razorpayEntities(p: Payload): Payload[] {
  return Object.values(p.payload as Record<string, { entity: Payload }>).map(({ entity }) => entity);
}

/** Shiprocket's time: IST, `DD MM YYYY HH:mm:ss`, no zone. */
function istTimestamp(now: string): string {
  const ist = new Date(Date.parse(now) + 330 * 60_000).toISOString();
  return `${ist.slice(8, 10)} ${ist.slice(5, 7)} ${ist.slice(0, 4)} ${ist.slice(11, 19)}`;
}

const PROVIDERS: Record<string, SimulatedProvider> = {
  [PAYMENT_PROVIDER]: {
    examples: PAYMENT_EXAMPLES,
    setOrder: (p, id) => (p.order_id = id),
    freshen: (p, f) => {
      p.payment_id = f.fresh('pay_');
      if ('refund_id' in p) p.refund_id = f.fresh('rfnd_');
      p.timestamp = f.now;
    },
  },
  [SHIPPING_PROVIDER]: {
    examples: SHIPPING_EXAMPLES,
    setOrder: (p, id) => (p.order_id = id),
    freshen: (p, f) => {
      // One AWB per order: the example's AWB belongs to the example's order.
      if (f.orderId !== undefined) p.awb = `AWB${derivedId(f.orderId)}`;
      if ('timestamp' in p) p.timestamp = f.now;
      if ('delivered_at' in p) p.delivered_at = f.now;
    },
  },
  [GMETRI_POINTS_PROVIDER]: {
    examples: POINTS_EXAMPLES,
    freshen: (p, f) => {
      // A completion confirms the transfer last credited or debited here (else the example's).
      if (p.event === 'points.updated') p.transferId = f.fresh('TXN-');
      else p.transferId = f.state.lastTransferId ?? p.transferId;
      p.timestamp = f.now;
    },
  },
  [SUPPLIER_PROVIDER]: {
    examples: SUPPLIER_EXAMPLES,
    setOrder: (p, id) => ((p.data as Payload).reference = id),
    freshen: (p, f) => {
      const data = p.data as Payload;
      // The supplier's own order for ours: the same for every event about it, never another order's.
      if (f.orderId !== undefined && data.order_id) data.order_id = `SUP-${derivedId(f.orderId)}`;
      p.timestamp = f.now;
    },
  },
  [ORDER_PAYMENT_PROVIDER]: {
    examples: ORDER_PAYMENT_EXAMPLES,
    setOrder: (p, id) => (p.id = id),
    freshen: (p, f) => {
      (p.orderPayment as Payload).paymentId = f.fresh('op_');
      p.updatedAt = f.now;
    },
  },
  [RAZORPAY_PROVIDER]: {
    examples: RAZORPAY_EXAMPLES,
    scheme: 'razorpay',
    setOrder: (p, id) => {
      for (const entity of razorpayEntities(p)) {
        if ('notes' in entity) entity.notes = { order_id: id };
        if ('receipt' in entity) entity.receipt = id;
      }
    },
    freshen: (p, f) => {
      p.created_at = Math.floor(Date.parse(f.now) / 1000);
    },
  },
  cashfree: {
    examples: CASHFREE_EXAMPLES,
    scheme: 'cashfree',
    setOrder: (p, id) => {
      const data = p.data as Record<string, Payload | undefined>;
      if (data.order) data.order.order_id = id;
      if (data.refund) data.refund.order_id = id;
    },
    freshen: (p, f) => {
      const payment = (p.data as Record<string, Payload | undefined>).payment;
      if (payment) payment.cf_payment_id = String(Date.now());
      p.event_time = f.now;
    },
  },
  stripe: {
    examples: STRIPE_EXAMPLES,
    scheme: 'stripe',
    setOrder: (p, id) => {
      const object = (p.data as { object: Payload }).object;
      object.metadata = { ...(object.metadata as Payload), order_id: id };
      if ('client_reference_id' in object) object.client_reference_id = id;
    },
    freshen: (p, f) => {
      // Stripe's dedupe key is the event id.
      p.id = f.fresh('evt_');
      p.created = Math.floor(Date.parse(f.now) / 1000);
    },
  },
  [SHOPIFY_PROVIDER]: {
    examples: SHOPIFY_EXAMPLES,
    scheme: 'shopify',
    headers: (example) => ({ 'x-shopify-topic': example.split(' ')[0] }),
    // Our order id is the Shopify order's id: digits only.
    setOrder: (p, id) => {
      if ('order_id' in p) p.order_id = Number(id);
      else {
        p.id = Number(id);
        p.admin_graphql_api_id = `gid://shopify/Order/${id}`;
      }
    },
    freshen: (p, f) => {
      if ('updated_at' in p) p.updated_at = f.now;
    },
  },
  [SHIPROCKET_PROVIDER]: {
    examples: SHIPROCKET_EXAMPLES,
    scheme: 'static-token',
    setOrder: (p, id) => (p.order_id = id),
    freshen: (p, f) => {
      if (f.orderId !== undefined && p.is_return === 0) p.awb = derivedId(f.orderId).replace(/\D/g, '').padEnd(14, '7');
      p.current_timestamp = istTimestamp(f.now);
    },
  },
};

const USAGE = 'usage: npm run webhook:send -- <provider> <event> [--order ID] [--url BASE_URL] [--repeat]';

/** The usage with every provider and its events; `--help` prints it. */
export function helpText(): string {
  return [
    USAGE,
    '',
    'Sends a new, signed event (fresh ids, timestamps now) built from the example of <event>, for the order given.',
    '  --order ID      our order the event is about (not for gmetri-points)',
    '  --url BASE_URL  the service (default http://localhost:$PORT, PORT 3000)',
    '  --repeat        send the last event sent for this provider, event and order again, byte for byte (a redelivery)',
    'The secret comes from WEBHOOK_SECRET_<PROVIDER> (the first of a comma-separated list); each provider signs its own way',
    '(native providers as they do; the others with WEBHOOK_SCHEME_<PROVIDER>, else hmac-sha256).',
    '',
    'providers and events:',
    ...Object.entries(PROVIDERS).map(
      ([provider, { examples }]) =>
        `  ${provider}: ${Object.keys(examples)
          .map((n) => JSON.stringify(n))
          .join(', ')}`,
    ),
  ].join('\n');
}

export interface SendOptions {
  provider: string;
  event: string;
  /** The signature scheme to sign with (the provider's own, or WEBHOOK_SCHEME_<P>). */
  scheme: string;
  orderId?: string;
  /** Send the last body sent for this provider, event and order again. */
  repeat?: boolean;
  /** The service's base URL, e.g. http://localhost:3000. */
  url: string;
  secret: string;
}

export interface SendResult {
  url: string;
  status: number;
  answer: string;
}

/** The example name `event` means (exact, or a unique prefix of the example names); throws naming the known ones. */
function exampleName(provider: string, event: string, orderId?: string): string {
  const known = PROVIDERS[provider];
  if (!known) throw new Error(`unknown provider ${provider}; one of: ${Object.keys(PROVIDERS).join(', ')}`);
  const names = Object.keys(known.examples);
  const matches = names.includes(event) ? [event] : names.filter((name) => name.startsWith(event));
  if (matches.length !== 1)
    throw new Error(
      `${provider} has no single example named ${JSON.stringify(event)}; one of: ${names.map((n) => JSON.stringify(n)).join(', ')}`,
    );
  if (orderId !== undefined && !known.setOrder) throw new Error(`${provider} events do not name an order; leave out --order`);
  return matches[0];
}

/** The example payload of `event` (exact, or a unique prefix of the example names), for `orderId` when given. */
export function buildWebhook(provider: string, event: string, orderId?: string): Payload {
  const name = exampleName(provider, event, orderId);
  const known = PROVIDERS[provider];
  const payload = structuredClone(known.examples[name]) as Payload;
  if (orderId !== undefined) known.setOrder!(payload, orderId);
  return payload;
}

/** A new event from the example: fresh ids, times now, the supplier order id and AWB of the order given. */
export function newWebhook(provider: string, event: string, orderId?: string, state: SentState = {}, now = new Date()): Payload {
  const payload = buildWebhook(provider, event, orderId);
  const fresh = (prefix: string) => `${prefix}${randomBytes(6).toString('hex')}`;
  PROVIDERS[provider].freshen(payload, { now: now.toISOString(), fresh, orderId, state });
  return payload;
}

/** What earlier sends left for later ones: the bodies last sent with their delivery ids (for --repeat) and the last points transfer. */
export interface SentState {
  lastTransferId?: string;
  bodies?: Record<string, { body: string; deliveryId: string }>;
}

/** Where the simulator keeps what it sent: WEBHOOK_SEND_STATE, else a file in the temporary folder. */
function statePath(env: Record<string, string | undefined>): string {
  return env.WEBHOOK_SEND_STATE ?? join(tmpdir(), 'webhook-send-state.json');
}

function readState(path: string): SentState {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SentState;
  } catch {
    return {};
  }
}

/** The bodies kept for --repeat: the last sent of this many provider, event and order triples. */
const KEPT_BODIES = 100;

const sentKey = (options: Pick<SendOptions, 'provider' | 'event' | 'orderId'>) =>
  [options.provider, exampleName(options.provider, options.event, options.orderId), options.orderId].filter(Boolean).join(' ');

/** Ids that belong to one order (its AWB, its supplier order): the same for every send about that order. */
function derivedId(orderId: string): string {
  return createHash('sha256').update(orderId).digest('hex').slice(0, 12).toUpperCase();
}

/** Signs the exact bytes it posts, as a provider does; each send is a new event unless `repeat` is set. */
export async function sendWebhook(options: SendOptions, env: Record<string, string | undefined> = {}): Promise<SendResult> {
  const path = statePath(env);
  const state = readState(path);
  const key = sentKey(options);
  let sent: { body: string; deliveryId: string };
  if (options.repeat) {
    const last = state.bodies?.[key];
    if (last?.body === undefined) throw new Error(`nothing sent yet for ${key}; leave out --repeat`);
    sent = last;
  } else {
    const payload = newWebhook(options.provider, options.event, options.orderId, state);
    sent = { body: JSON.stringify(payload), deliveryId: `msg_${randomBytes(9).toString('hex')}` };
    const { [key]: _previous, ...others } = state.bodies ?? {};
    state.bodies = Object.fromEntries([...Object.entries(others).slice(1 - KEPT_BODIES), [key, sent]]);
    if (payload.event === 'points.updated') state.lastTransferId = payload.transferId as string;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(state));
  }
  const url = `${options.url.replace(/\/+$/, '')}/api/v2/webhook/${options.provider}`;
  // A redelivery keeps its delivery id (the provider's dedupe key) and is signed afresh, as providers do.
  const signature = WEBHOOK_VERIFIERS.get(options.scheme)!.sign(Buffer.from(sent.body), options.secret, {
    id: sent.deliveryId,
    nowMs: Date.now(),
  });
  const extra = PROVIDERS[options.provider].headers?.(exampleName(options.provider, options.event, options.orderId)) ?? {};
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...extra, ...signature },
    body: sent.body,
  });
  return { url, status: response.status, answer: await response.text() };
}

export function parseArgs(argv: string[], env: Record<string, string | undefined>): SendOptions {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = /^--(order|url)$/.exec(argv[i]);
    if (argv[i] === '--repeat') {
      flags.repeat = 'yes';
    } else if (flag) {
      if (argv[i + 1] === undefined) throw new Error(`--${flag[1]} needs a value`);
      flags[flag[1]] = argv[(i += 1)];
    } else if (argv[i].startsWith('--')) {
      throw new Error(`unknown option ${argv[i]}`);
    } else {
      positional.push(argv[i]);
    }
  }
  const [provider, event] = positional;
  if (!provider || !event || positional.length > 2) throw new Error(helpText());
  // The names first: a typo is told as such, not as a missing secret.
  exampleName(provider, event, flags.order);
  const secretVariable = `WEBHOOK_SECRET_${providerEnvSuffix(provider)}`;
  const secret = env[secretVariable]?.split(',')[0]?.trim();
  if (!secret) throw new Error(`set ${secretVariable} to the secret the service checks`);
  const scheme = PROVIDERS[provider].scheme ?? env[`WEBHOOK_SCHEME_${providerEnvSuffix(provider)}`] ?? 'hmac-sha256';
  if (!WEBHOOK_VERIFIERS.has(scheme))
    throw new Error(`WEBHOOK_SCHEME_${providerEnvSuffix(provider)}: no signature scheme is named ${scheme}`);
  return {
    provider,
    event,
    scheme,
    orderId: flags.order,
    repeat: flags.repeat !== undefined,
    url: flags.url ?? `http://localhost:${env.PORT ?? 3000}`,
    secret,
  };
}

/** The command line: prints what was sent and the answer; exit code 0 on a 2xx answer. */
export async function main(argv: string[], env: Record<string, string | undefined>, print: (line: string) => void): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      print(helpText());
      return 0;
    }
    const options = parseArgs(argv, env);
    const result = await sendWebhook(options, env);
    print(
      `POST ${result.url} (${options.provider} ${options.event}${options.orderId ? ` for ${options.orderId}` : ''}${options.repeat ? ', repeated' : ''})`,
    );
    print(`→ ${result.status} ${result.answer}`);
    return result.status >= 200 && result.status < 300 ? 0 : 1;
  } catch (error) {
    const { message, cause } = error as Error & { cause?: { message?: string } };
    print(`error: ${message}${cause?.message ? ` (${cause.message})` : ''}`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), process.env, (line) => console.log(line));
}
