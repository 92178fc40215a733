/**
 * How deeply a parsed JSON value nests, counted without recursion, so a
 * hostile body cannot overflow the stack here. Stops counting past `limit`.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth += 1) {
    if (depth > limit) return true;
    level = level.flatMap((item): unknown[] => (item !== null && typeof item === 'object' ? Object.values(item) : []));
  }
  return false;
}

/**
 * Whether a parsed JSON value holds more than `limit` members in all (object
 * keys and array items, at any depth), counted without recursion and stopping
 * as soon as the count passes the limit: the validator's transformation costs
 * time by the member, so a wide body is refused before it runs.
 */
export function jsonMembersExceed(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value];
  let members = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') continue;
    const children = Array.isArray(item) ? item : Object.values(item);
    members += children.length;
    if (members > limit) return true;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

/** What a JSON text can hold at most, read off its characters (see jsonTextBounds). */
export interface JsonTextBounds {
  /** Objects and arrays: at least the depth, counting `{` and `[` inside strings too. */
  containers: number;
  /** Keys and items in all: each container has one more member than it has commas. */
  members: number;
  /** Whether it has any `\u` escape: the only way a parsed value can hold `\u0000` or an unpaired surrogate. */
  escapes: boolean;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;

/**
 * Upper bounds of a JSON text's depth and members, in one pass over its
 * characters without allocating: a body within them needs none of the walks
 * over its parsed value (jsonDepthExceeds, jsonMembersExceed, unstorableText),
 * and nearly every provider's body is. Raw control characters and unpaired
 * surrogates never reach a parsed value (JSON.parse refuses the first, the
 * strict UTF-8 decoder the second), so only a `\u` escape can bring them.
 */
export function jsonTextBounds(text: string): JsonTextBounds {
  let containers = 0;
  let commas = 0;
  let escapes = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === OPEN_BRACE || code === OPEN_BRACKET) containers += 1;
    else if (code === COMMA) commas += 1;
    else if (code === BACKSLASH && text.charCodeAt(i + 1) === LETTER_U) escapes = true;
  }
  return { containers, members: containers + commas, escapes };
}
