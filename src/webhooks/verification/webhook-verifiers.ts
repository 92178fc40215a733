import { CashfreeVerifier } from './cashfree.verifier.js';
import { HmacSha256Verifier } from './hmac-sha256.verifier.js';
import { RazorpayVerifier } from './razorpay.verifier.js';
import { ShopifyVerifier } from './shopify.verifier.js';
import { StandardWebhooksVerifier } from './standard-webhooks.verifier.js';
import { StaticTokenVerifier } from './static-token.verifier.js';
import { StripeVerifier } from './stripe.verifier.js';
import type { WebhookVerifier } from './webhook-verifier.js';

/** Every signature scheme the service verifies, by name. */
export const WEBHOOK_VERIFIERS: ReadonlyMap<string, WebhookVerifier> = new Map(
  [
    new HmacSha256Verifier(),
    new StandardWebhooksVerifier(),
    new RazorpayVerifier(),
    new CashfreeVerifier(),
    new StripeVerifier(),
    new ShopifyVerifier(),
    new StaticTokenVerifier(),
  ].map((verifier) => [verifier.scheme, verifier]),
);

/** The scheme of providers whose settings name none. */
export const DEFAULT_SCHEME = 'hmac-sha256';
