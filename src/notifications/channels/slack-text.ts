/**
 * Slack reads `&`, `<` and `>` as control characters in message text (`<!channel>`,
 * `<https://evil|your bank>`); escaped as Slack asks, a value shows as the text it is.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The payload with every string in it (nested too) escaped for Slack: what a Slack template renders from. */
export function slackSafe<T>(value: T): T {
  if (typeof value === 'string') return escapeSlackText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => slackSafe(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, slackSafe(item)])) as T;
  }
  return value;
}
