/**
 * One path segment of a provider API URL, built from data (our order id).
 * encodeURIComponent leaves `.` as it is, and the URL parser (fetch's, any
 * other WHATWG one) resolves `.`, `..`, `%2e` and `%2e%2e` segments, so
 * `/orders/..` would ask for the API's root: those are refused outright
 * (`%2e` as given is encoded to `%252e`, which no parser resolves).
 */
export function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') throw new Error(`"${value}" cannot be a URL path segment`);
  return encodeURIComponent(value);
}
