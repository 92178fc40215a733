/**
 * The one list of what is never stored or logged in clear: a key is
 * sensitive when any of its words (or two adjacent words joined) is one of
 * these: signatures and secrets, digital codes, card data, personal data,
 * and message texts, which carry codes and names. The audit redactor, the
 * log redaction and the contact masker all read it from here.
 */
export const SENSITIVE_KEYS = [
  'signature',
  'secret',
  'password',
  'token',
  'apiKey',
  'authorization',
  'code',
  'codes',
  'pin',
  'otp',
  'cvv',
  'cvc',
  'cardNumber',
  'email',
  'phone',
  'mobile',
  'recipient',
  'to',
  'cc',
  'bcc',
  'name',
  'address',
  'customer',
  'text',
  'html',
] as const;

/** Any key starting with one of these words is sensitive too (`cardHolder`, `card_expiry`). */
const SENSITIVE_PREFIXES = ['card'];
const SENSITIVE_WORDS = new Set(SENSITIVE_KEYS.map((key) => key.toLowerCase()));

/**
 * An e-mail address inside any text. It starts only where a run of
 * local-part characters starts, so a long run without an address costs one
 * pass instead of one pass per position (quadratic).
 */
export const EMAIL_IN_TEXT = /(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

/** True when a key names something that must not be stored or logged in clear. */
export function isSensitiveKey(key: string): boolean {
  return keyWords(key).some((word) => SENSITIVE_WORDS.has(word) || SENSITIVE_PREFIXES.some((prefix) => word.startsWith(prefix)));
}

/** The spellings a key of the list takes in JSON: as listed, and in snake case (`apiKey`, `api_key`). */
export function keySpellings(key: string): string[] {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return snake === key ? [key] : [key, snake];
}

/** `customer_email`, `cardNumber`, `X-Api-Key` → lower-case words, and each adjacent pair joined (`apikey`). */
function keyWords(key: string): string[] {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return [...words, ...words.slice(1).map((word, i) => words[i] + word)];
}
