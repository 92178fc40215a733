import { standardWebhooksKey } from '../webhooks/verification/standard-webhooks.verifier.js';
import { INTEGRATION_EVENT_TYPES, type IntegrationEventType } from './integration-event-types.js';

const SUBSCRIBERS = 'INTEGRATION_SUBSCRIBERS';
const SECRET_PREFIX = 'INTEGRATION_SECRET_';
const EVENTS_PREFIX = 'INTEGRATION_EVENTS_';
const NAME = /^[a-z][a-z0-9-]{0,49}$/;
const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
/** Standard Webhooks secrets are 24 to 64 random bytes; fewer would be guessable. */
const MIN_SECRET_BYTES = 24;

/** One system downstream that receives integration events. */
export interface IntegrationSubscriber {
  /** As in INTEGRATION_SUBSCRIBERS, e.g. `erp`; its settings' suffix is `ERP`. */
  name: string;
  url: string;
  /** `whsec_<base64>`: what it verifies our signature with. */
  secret: string;
  /** The types it receives; null: all. */
  events: ReadonlySet<IntegrationEventType> | null;
}

/** `warehouse-eu` → `WAREHOUSE_EU`, the suffix of its settings. */
export function subscriberEnvSuffix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/**
 * Reads INTEGRATION_SUBSCRIBERS and each subscriber's INTEGRATION_SECRET_<NAME>
 * and INTEGRATION_EVENTS_<NAME>. Every problem is returned naming its setting,
 * so the start fails saying what to fix; a secret or filter for a subscriber
 * not listed (a typo) is one of them.
 */
export function readIntegrationSubscribers(env: Record<string, string | undefined>): {
  subscribers: IntegrationSubscriber[];
  errors: string[];
} {
  const errors: string[] = [];
  const subscribers: IntegrationSubscriber[] = [];
  const entries = (env[SUBSCRIBERS] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const subscriber = readSubscriber(entry, env, errors);
    if (!subscriber) continue;
    if (subscribers.some((other) => other.name === subscriber.name)) errors.push(`${SUBSCRIBERS}: ${subscriber.name} is listed twice`);
    else subscribers.push(subscriber);
  }
  const suffixes = new Set(entries.map((entry) => subscriberEnvSuffix(entry.split('=')[0].trim())));
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    const prefix = [SECRET_PREFIX, EVENTS_PREFIX].find((p) => name.startsWith(p));
    if (prefix && !suffixes.has(name.slice(prefix.length))) errors.push(`${name}: no subscriber of that name in ${SUBSCRIBERS}`);
  }
  return { subscribers, errors };
}

function readSubscriber(entry: string, env: Record<string, string | undefined>, errors: string[]): IntegrationSubscriber | undefined {
  const separator = entry.indexOf('=');
  const name = separator > 0 ? entry.slice(0, separator).trim() : '';
  const url = separator > 0 ? entry.slice(separator + 1).trim() : '';
  if (!NAME.test(name)) {
    errors.push(`${SUBSCRIBERS}: "${entry.split('=')[0]}" is not a subscriber name (lower-case letters, digits, hyphens; name=url)`);
    return undefined;
  }
  if (!isHttpUrl(url)) {
    errors.push(`${SUBSCRIBERS}: the URL of ${name} is not an http(s) URL`);
    return undefined;
  }
  const suffix = subscriberEnvSuffix(name);
  const secret = env[`${SECRET_PREFIX}${suffix}`]?.trim();
  const events = readEvents(`${EVENTS_PREFIX}${suffix}`, env[`${EVENTS_PREFIX}${suffix}`], errors);
  if (!secret) {
    errors.push(`${SECRET_PREFIX}${suffix} must be set for subscriber ${name} (whsec_ and at least ${MIN_SECRET_BYTES} bytes in base64)`);
    return undefined;
  }
  if (!WHSEC.test(secret) || standardWebhooksKey(secret).length < MIN_SECRET_BYTES) {
    errors.push(`${SECRET_PREFIX}${suffix} must be whsec_ followed by at least ${MIN_SECRET_BYTES} bytes in base64 (value hidden)`);
    return undefined;
  }
  return events === undefined ? undefined : { name, url, secret, events };
}

/** null: every type; undefined: the setting is bad (reported). */
function readEvents(setting: string, value: string | undefined, errors: string[]): ReadonlySet<IntegrationEventType> | null | undefined {
  if (value === undefined || value.trim() === '') return null;
  const types = value
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  const unknown = types.filter((type) => !(INTEGRATION_EVENT_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) {
    errors.push(`${setting}: unknown event type(s) ${unknown.join(', ')} (known: ${INTEGRATION_EVENT_TYPES.join(', ')})`);
    return undefined;
  }
  return new Set(types as IntegrationEventType[]);
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
