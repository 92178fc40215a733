import { AsyncLocalStorage } from 'node:async_hooks';

/** The field that carries the request id in every log line (pino-http's `reqId`). */
export const REQUEST_ID_LOG_KEY = 'reqId';

type JobLogFields = { [REQUEST_ID_LOG_KEY]?: string };

const jobFields = new AsyncLocalStorage<JobLogFields>();

/**
 * Runs a queue job in a log context of its own: once the job knows which
 * request caused it (bindRequestIdToJob), every line it logs from then on,
 * across awaits, carries that request's id, as the request's own lines do.
 */
export function runInJobLogContext<T>(work: () => T): T {
  return jobFields.run({}, work);
}

/** Inside runInJobLogContext: tags the rest of the job's log lines with `requestId`. Elsewhere: does nothing. */
export function bindRequestIdToJob(requestId: string | null | undefined): void {
  const fields = jobFields.getStore();
  if (fields && requestId) fields[REQUEST_ID_LOG_KEY] = requestId;
}

/** pino `mixin`: the job's fields, merged into each line logged within a job. */
export function jobLogFields(): JobLogFields {
  return jobFields.getStore() ?? {};
}
