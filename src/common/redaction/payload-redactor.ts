import { toStorableText } from '../http/json-text.js';
import { EMAIL_IN_TEXT, isSensitiveKey } from './sensitive-data.js';

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** RFC 5321's limit: scanning this far past the cut still finds an address that straddles it. */
const LONGEST_EMAIL = 254;

/** Bounds that keep a stored payload small whatever was received. */
export const PAYLOAD_LIMITS = { depth: 6, keys: 50, keyLength: 64, items: 20, stringLength: 256, totalChars: 16_384 };

/**
 * A copy of `value` fit for an audit row: sensitive keys masked at any depth
 * (case-insensitive), e-mail addresses masked inside any string, and long
 * strings, arrays, objects and deep nesting cut short.
 */
export function redactPayload(value: unknown): unknown {
  const redacted = redactValue(value, 0);
  const size = JSON.stringify(redacted)?.length ?? 0;
  return size > PAYLOAD_LIMITS.totalChars ? { _truncated: `payload of ${size} characters after redaction` } : redacted;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (depth >= PAYLOAD_LIMITS.depth) return '[truncated: too deep]';
  if (Array.isArray(value)) return redactArray(value, depth);
  return redactObject(value as Record<string, unknown>, depth);
}

/** A free text (an error message, say) with e-mail addresses masked, cut to a short length. */
export function redactText(value: string): string {
  // Only the part that may be kept is scanned: on a long run of word characters
  // the e-mail pattern backtracks in quadratic time (a 1 MiB field held the event loop for minutes).
  const scanned = value.slice(0, PAYLOAD_LIMITS.stringLength + LONGEST_EMAIL);
  const masked = scanned.replace(EMAIL_IN_TEXT, REDACTED);
  const kept =
    scanned.length < value.length || masked.length > PAYLOAD_LIMITS.stringLength
      ? `${masked.slice(0, PAYLOAD_LIMITS.stringLength)}…[${value.length} characters]`
      : masked;
  // Postgres refuses \u0000 and unpaired surrogates (the cut may split a pair): one such row would sink its whole audit batch.
  return toStorableText(kept);
}

function redactArray(items: unknown[], depth: number): unknown[] {
  const kept = items.slice(0, PAYLOAD_LIMITS.items).map((item) => redactValue(item, depth + 1));
  if (items.length > kept.length) kept.push(`[truncated: ${items.length - kept.length} more items]`);
  return kept;
}

/**
 * Keys are capped as values are: a key no field name is that long is cut
 * before anything scans it (a 60 KB key cost tens of milliseconds in the
 * sensitive-key and e-mail checks), and e-mail addresses in it are masked.
 */
function redactKey(key: string): string {
  if (key.length <= PAYLOAD_LIMITS.keyLength) return toStorableText(key.replace(EMAIL_IN_TEXT, REDACTED));
  const kept = key.slice(0, PAYLOAD_LIMITS.keyLength).replace(EMAIL_IN_TEXT, REDACTED);
  return toStorableText(`${kept}…[${key.length} characters]`);
}

/** How many keys' verdicts are kept: far more than the field names of every provider's payloads together. */
const KEY_VERDICTS_KEPT = 2_000;
const keyVerdicts = new Map<string, { name: string; sensitive: boolean }>();

/**
 * A key as stored and whether its value is masked. Providers send the same few
 * field names in every payload, and checking one word by word cost a webhook's
 * audit row more than the rest of its redaction, so verdicts are kept; the map
 * starts over when full, so that made-up keys cannot grow it.
 */
function keyVerdict(key: string): { name: string; sensitive: boolean } {
  let verdict = keyVerdicts.get(key);
  if (!verdict) {
    if (keyVerdicts.size >= KEY_VERDICTS_KEPT) keyVerdicts.clear();
    // Only an absurdly long key is not checked word by word: its value is masked instead.
    verdict = { name: redactKey(key), sensitive: key.length > PAYLOAD_LIMITS.keyLength || isSensitiveKey(key) };
    if (key.length <= PAYLOAD_LIMITS.keyLength) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

function redactObject(object: Record<string, unknown>, depth: number): Record<string, unknown> {
  const entries = Object.entries(object);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of entries.slice(0, PAYLOAD_LIMITS.keys)) {
    const { name, sensitive } = keyVerdict(key);
    copy[name] = sensitive ? REDACTED : redactValue(value, depth + 1);
  }
  if (entries.length > PAYLOAD_LIMITS.keys) copy._truncated = `${entries.length - PAYLOAD_LIMITS.keys} more keys`;
  return copy;
}
