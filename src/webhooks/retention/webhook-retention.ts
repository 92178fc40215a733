/**
 * How long a dedupe key outlives its event's payload at least: Stripe retries a webhook for
 * three days, the other providers for a day, so a retry always finds its key and is answered
 * `duplicate`, whatever WEBHOOK_RETENTION_DAYS says.
 */
export const DEDUPE_KEY_DAYS = 30;

/** When a finished (processed or ignored) event's payload and its row go, in days after receipt. */
export interface RetentionAges {
  payloadDays: number;
  rowDays: number;
}

/**
 * WEBHOOK_RETENTION_DAYS as purge ages: the payload goes at that age, the row with its dedupe key
 * not before DEDUPE_KEY_DAYS. Under it, payloads are emptied first and the rows deleted later.
 */
export function retentionAges(retentionDays: number): RetentionAges {
  return { payloadDays: retentionDays, rowDays: Math.max(retentionDays, DEDUPE_KEY_DAYS) };
}

/** Whether the payloads go before their rows, emptied in place. */
export function emptiesPayloadsFirst(ages: RetentionAges): boolean {
  return ages.payloadDays < ages.rowDays;
}

/**
 * The latest receipt time (ms) of a dead event an operator may purge at nowMs: its dedupe key
 * must have lived DEDUPE_KEY_DAYS, as the finished events' keys do.
 */
export function latestPurgeableReceipt(nowMs: number): number {
  return nowMs - DEDUPE_KEY_DAYS * 24 * 60 * 60 * 1000;
}
