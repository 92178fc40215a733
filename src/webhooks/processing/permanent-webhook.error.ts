/** An error that no retry can fix, such as an event type nobody handles. */
export class PermanentWebhookError extends Error {}
