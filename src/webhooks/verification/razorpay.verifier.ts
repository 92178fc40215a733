import { SignsByRecipe, type SigningRecipe } from './signing-recipe.js';
import type { IncomingHttpHeaders } from 'node:http';
import { bodyHmacRefusal } from './body-hmac.js';
import { strictHex } from './hmac.js';
import { shortSecret, type SignedRequest, singleHeader, type VerificationContext, type WebhookVerifier } from './webhook-verifier.js';

const SIGNATURE_HEADER = 'x-razorpay-signature';
const EVENT_ID_HEADER = 'x-razorpay-event-id';

/** Razorpay: X-Razorpay-Signature is the hex HMAC-SHA256 of the raw body under the webhook secret; no timestamp. */
export class RazorpayVerifier extends SignsByRecipe implements WebhookVerifier {
  readonly scheme = 'razorpay';
  readonly signing: SigningRecipe = {
    key: 'utf8',
    timestamp: 'seconds',
    signed: ['{body}'],
    headers: { [SIGNATURE_HEADER]: '{hex}', [EVENT_ID_HEADER]: '{id}' },
  };
  readonly secretWeakness = shortSecret;
  readonly headers = [
    {
      name: 'X-Razorpay-Signature',
      description: 'Hex HMAC-SHA256 of the raw body under the webhook secret set in the Razorpay dashboard.',
    },
    { name: 'X-Razorpay-Event-Id', description: 'Unique per event, the same on every retry: the dedupe key.' },
  ];

  refusal(request: SignedRequest, { secrets }: VerificationContext): string | undefined {
    return bodyHmacRefusal(request, secrets, SIGNATURE_HEADER, strictHex);
  }

  deliveryId(headers: IncomingHttpHeaders): string | undefined {
    return singleHeader(headers, EVENT_ID_HEADER);
  }
}
