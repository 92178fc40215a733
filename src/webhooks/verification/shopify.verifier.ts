import { bodyHmacRefusal } from './body-hmac.js';
import { hmacSha256, strictBase64 } from './hmac.js';
import { type Delivery, type SignedRequest, type VerificationContext, type WebhookVerifier } from './webhook-verifier.js';

const SIGNATURE_HEADER = 'x-shopify-hmac-sha256';
const WEBHOOK_ID_HEADER = 'x-shopify-webhook-id';

/** Shopify: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body under the app's client secret; no timestamp. */
export class ShopifyVerifier implements WebhookVerifier {
  readonly scheme = 'shopify';
  readonly headers = [
    { name: 'X-Shopify-Hmac-Sha256', description: "Base64 HMAC-SHA256 of the raw body under the app's client secret." },
    { name: 'X-Shopify-Topic', description: 'The event, e.g. `orders/paid`.' },
    { name: 'X-Shopify-Webhook-Id', description: 'The same on every retry: the dedupe key.' },
  ];

  refusal(request: SignedRequest, { secrets }: VerificationContext): string | undefined {
    return bodyHmacRefusal(request, secrets, SIGNATURE_HEADER, strictBase64);
  }

  sign(body: Buffer, secret: string, { id, nowMs }: Delivery): Record<string, string> {
    return {
      [SIGNATURE_HEADER]: hmacSha256(secret, body).toString('base64'),
      [WEBHOOK_ID_HEADER]: id,
      'x-shopify-triggered-at': new Date(nowMs).toISOString(),
    };
  }
}
