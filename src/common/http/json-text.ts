/**
 * Why a parsed JSON value holds text that Postgres cannot store (in `jsonb`,
 * `text` or `varchar`), or undefined when all of it can be stored: JSON allows
 * `\u0000` and unpaired surrogates (`\ud800`), Postgres refuses both. Keys
 * count as text too. Walks without recursion, as jsonDepthExceeds does.
 */
export function unstorableText(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) return problem;
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const problem = textProblem(key);
        if (problem) return problem;
        pending.push(child);
      }
    }
  }
  return undefined;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units, hence no `u` flag). */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_CHARACTERS = new RegExp(`\\u0000|${UNPAIRED_SURROGATE.source}`, 'g');

/** `text` with each character Postgres cannot store replaced by U+FFFD, e.g. where a cut split a surrogate pair. */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE_CHARACTERS, '\ufffd');
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a \\u0000 character';
  if (UNPAIRED_SURROGATE.test(text)) return 'an unpaired UTF-16 surrogate';
  return undefined;
}
