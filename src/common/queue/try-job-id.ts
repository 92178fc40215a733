/**
 * The job id of one try of an outbox row retried by its own schedule (each
 * try a job of its own, the row deciding the next): `<row id>.<tries made>`.
 * Bull refuses a second job with the same id, so a try is queued once.
 */
export function tryJobId(rowId: string, attempts: number): string {
  return `${rowId}.${attempts}`;
}

/** The row and try a job id of tryJobId names. */
export function parseTryJobId(jobId: string): { rowId: string; attempt: number } {
  const dot = jobId.lastIndexOf('.');
  return { rowId: jobId.slice(0, dot), attempt: Number(jobId.slice(dot + 1)) };
}
