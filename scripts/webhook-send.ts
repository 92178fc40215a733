import { pathToFileURL } from 'node:url';
import { signPayload } from '../src/webhooks/verification/hmac-sha256.verifier.js';
import { providerEnvSuffix } from '../src/webhooks/verification/provider-settings.js';
import { SUPPLIER_EXAMPLES, SUPPLIER_PROVIDER } from '../src/supplier/supplier-events.js';
import { PAYMENT_EXAMPLES, PAYMENT_PROVIDER } from '../src/payment/payment-events.js';
import { GMETRI_POINTS_PROVIDER, POINTS_EXAMPLES } from '../src/gmetri-points/points-events.js';
import { SHIPPING_EXAMPLES, SHIPPING_PROVIDER } from '../src/shipping/shipping-events.js';
import { ORDER_PAYMENT_EXAMPLES, ORDER_PAYMENT_PROVIDER } from '../src/order-payment/order-payment-events.js';

type Payload = Record<string, unknown>;

/** Each provider's example payloads (the ones Swagger shows), and where its payload names our order. */
const PROVIDERS: Record<string, { examples: Record<string, object>; setOrder?: (payload: Payload, orderId: string) => void }> = {
  [PAYMENT_PROVIDER]: { examples: PAYMENT_EXAMPLES, setOrder: (p, id) => (p.order_id = id) },
  [SHIPPING_PROVIDER]: { examples: SHIPPING_EXAMPLES, setOrder: (p, id) => (p.order_id = id) },
  [GMETRI_POINTS_PROVIDER]: { examples: POINTS_EXAMPLES },
  [SUPPLIER_PROVIDER]: { examples: SUPPLIER_EXAMPLES, setOrder: (p, id) => ((p.data as Payload).reference = id) },
  [ORDER_PAYMENT_PROVIDER]: { examples: ORDER_PAYMENT_EXAMPLES, setOrder: (p, id) => (p.id = id) },
};

const USAGE = 'usage: npm run webhook:send -- <provider> <event> [--order ID] [--url BASE_URL]';

export interface SendOptions {
  provider: string;
  event: string;
  orderId?: string;
  /** The service's base URL, e.g. http://localhost:3000. */
  url: string;
  secret: string;
}

export interface SendResult {
  url: string;
  status: number;
  answer: string;
}

/** The example payload of `event` (exact, or a unique prefix of the example names), for `orderId` when given. */
export function buildWebhook(provider: string, event: string, orderId?: string): Payload {
  const known = PROVIDERS[provider];
  if (!known) throw new Error(`unknown provider ${provider}; one of: ${Object.keys(PROVIDERS).join(', ')}`);
  const names = Object.keys(known.examples);
  const matches = names.includes(event) ? [event] : names.filter((name) => name.startsWith(event));
  if (matches.length !== 1) throw new Error(`${provider} has no single example named ${JSON.stringify(event)}; one of: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  const payload = structuredClone(known.examples[matches[0]]) as Payload;
  if (orderId !== undefined) {
    if (!known.setOrder) throw new Error(`${provider} events do not name an order; leave out --order`);
    known.setOrder(payload, orderId);
  }
  return payload;
}

/** Signs the exact bytes it posts, as a provider does. */
export async function sendWebhook(options: SendOptions): Promise<SendResult> {
  const body = JSON.stringify(buildWebhook(options.provider, options.event, options.orderId));
  const url = `${options.url.replace(/\/+$/, '')}/api/v2/webhook/${options.provider}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-signature': `sha256=${signPayload(body, options.secret)}` },
    body,
  });
  return { url, status: response.status, answer: await response.text() };
}

export function parseArgs(argv: string[], env: Record<string, string | undefined>): SendOptions {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = /^--(order|url)$/.exec(argv[i]);
    if (flag) {
      if (argv[i + 1] === undefined) throw new Error(`--${flag[1]} needs a value`);
      flags[flag[1]] = argv[(i += 1)];
    } else if (argv[i].startsWith('--')) {
      throw new Error(`unknown option ${argv[i]}`);
    } else {
      positional.push(argv[i]);
    }
  }
  const [provider, event] = positional;
  if (!provider || !event || positional.length > 2) throw new Error(USAGE);
  const secretVariable = `WEBHOOK_SECRET_${providerEnvSuffix(provider)}`;
  const secret = env[secretVariable]?.split(',')[0]?.trim();
  if (!secret) throw new Error(`set ${secretVariable} to the secret the service checks`);
  return { provider, event, orderId: flags.order, url: flags.url ?? `http://localhost:${env.PORT ?? 3000}`, secret };
}

/** The command line: prints what was sent and the answer; exit code 0 on a 2xx answer. */
export async function main(argv: string[], env: Record<string, string | undefined>, print: (line: string) => void): Promise<number> {
  try {
    const options = parseArgs(argv, env);
    const result = await sendWebhook(options);
    print(`POST ${result.url} (${options.provider} ${options.event}${options.orderId ? ` for ${options.orderId}` : ''})`);
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
