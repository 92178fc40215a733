import type { Request } from 'express';

/** A webhook request as the pipeline sees it: the raw bytes, and what was learnt of them. */
export interface WebhookRequest extends Request {
  body: Buffer;
  /** Route name of the provider, e.g. `payment`; set by the guards for audit and logs. */
  webhookProvider?: string;
  /** The body parsed as JSON, once the signature has been checked; kept for the audit trail. */
  webhookPayload?: object;
}
