import type { IncomingHttpHeaders } from 'node:http';

/** What a verifier sees of a request: its headers and the raw bytes of its body, nothing parsed. */
export interface SignedRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One signature scheme. Each provider is verified by the scheme its settings
 * name; a new scheme is one more class behind this interface, listed in
 * WEBHOOK_VERIFIERS.
 */
export interface WebhookVerifier {
  /** The scheme's name, e.g. `hmac-sha256`. */
  readonly scheme: string;
  /**
   * Undefined when the request is signed under any of the active secrets;
   * else why not, fit for the 401's message (never a secret or the expected value).
   */
  refusal(request: SignedRequest, secrets: readonly string[]): string | undefined;
}
