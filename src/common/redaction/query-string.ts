import { REDACTED } from './payload-redactor.js';
import { isSensitiveKey } from './sensitive-data.js';

/** Parameter names that carry a credential, beyond the keys of the sensitive list (`api_key`, `access_token`, `sig`, `X-Api-Key`). */
const SECRET_PARAMETER = /key|token|secret|sig|pass|auth|credential|session/i;

export function isSecretParameter(name: string): boolean {
  return SECRET_PARAMETER.test(name) || isSensitiveKey(name);
}

/**
 * A URL fit for a log line or an audit row: the value of every query
 * parameter whose name looks like a credential is masked (an admin key sent
 * as `?key=…` is refused, but the URL would otherwise carry it into the
 * logs). The rest of the URL is kept as it was written.
 */
export function redactQueryString(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      return isSecretParameter(decodedName(rawName)) && equals >= 0 ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}

/** Parsed query values (Express's `req.query`) with the same parameters masked, at any depth (`a[key]=…`). */
export function redactQueryObject(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  if (Array.isArray(query)) return query.map(redactQueryObject);
  return Object.fromEntries(
    Object.entries(query as Record<string, unknown>).map(([name, value]) => [
      name,
      isSecretParameter(name) ? REDACTED : redactQueryObject(value),
    ]),
  );
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
