/**
 * A start that cannot go on for a reason the operator fixes (a setting that
 * reaches nothing, a busy port): main prints its message alone, one line, no
 * stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** A connection URL fit for a log line: its password masked, the rest as given. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL we can take apart: hide whatever stands before a host.
    return url.replace(/\/\/.*@/, '//***@');
  }
}

/** What went wrong, in one line: pg and net errors may come as an AggregateError with no message of their own. */
export function reasonOf(error: unknown): string {
  const { message, code, errors } = error as { message?: string; code?: string; errors?: unknown[] };
  if (message) return message;
  if (Array.isArray(errors) && errors.length > 0) return [...new Set(errors.map(reasonOf))].join('; ');
  return code ?? String(error);
}
