/** A row's last_error column holds this much of the error at most. */
const MAX_FAILURE_LENGTH = 2000;

/**
 * A failed try as stored in the last_error of the row being retried: the
 * error's name and message, bounded. `clean` runs before the cut, so it sees
 * whole values (an address cut in half would escape masking).
 */
export function describeFailure(error: unknown, clean: (text: string) => string = (text) => text): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return clean(message).slice(0, MAX_FAILURE_LENGTH);
}
