import { SignsByRecipe, type SigningRecipe } from './signing-recipe.js';
import { bodyHmacRefusal } from './body-hmac.js';
import { strictBase64 } from './hmac.js';
import { type SignedRequest, type VerificationContext, type WebhookVerifier } from './webhook-verifier.js';

const SIGNATURE_HEADER = 'x-shopify-hmac-sha256';
const WEBHOOK_ID_HEADER = 'x-shopify-webhook-id';

/** Shopify: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body under the app's client secret; no timestamp. */
export class ShopifyVerifier extends SignsByRecipe implements WebhookVerifier {
  readonly scheme = 'shopify';
  readonly signing: SigningRecipe = {
    key: 'utf8',
    timestamp: 'seconds',
    signed: ['{body}'],
    headers: { [SIGNATURE_HEADER]: '{base64}', [WEBHOOK_ID_HEADER]: '{id}', 'x-shopify-triggered-at': '{iso}' },
  };
  readonly headers = [
    { name: 'X-Shopify-Hmac-Sha256', description: "Base64 HMAC-SHA256 of the raw body under the app's client secret." },
    { name: 'X-Shopify-Topic', description: 'The event, e.g. `orders/paid`.', example: 'orders/paid' },
    { name: 'X-Shopify-Webhook-Id', description: 'The same on every retry: the dedupe key.' },
  ];

  refusal(request: SignedRequest, { secrets }: VerificationContext): string | undefined {
    return bodyHmacRefusal(request, secrets, SIGNATURE_HEADER, strictBase64);
  }
}
