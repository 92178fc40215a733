import { randomBytes } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { WEBHOOK_VERIFIERS } from '../../webhooks/verification/webhook-verifiers.js';
import { signTryItOut, signWebhookRequest } from './swagger-try-it-out.js';

const SECRETS: Record<string, string> = {
  'standard-webhooks': `whsec_${randomBytes(32).toString('base64')}`,
};
const secretOf = (scheme: string) => SECRETS[scheme] ?? `a-secret-for-${scheme}-0123456789abcdef`;
// Multi-byte characters: the browser signs the UTF-8 bytes that fetch sends.
const BODY = '{"event":"payment.success","note":"café ₹ 🙂","amount":1999}';
const DELIVERY = { id: 'evt_0123', nowMs: 1_764_000_000_123 };

/** signWebhookRequest as the page gets it: its source alone, run where only browser globals exist. */
function inPage(...args: Parameters<typeof signWebhookRequest>): Promise<Record<string, string>> {
  const page = { crypto, TextEncoder, atob, btoa, args, result: undefined as unknown };
  runInNewContext(`${String(signWebhookRequest)}\nresult = signWebhookRequest(...args);`, page);
  return page.result as Promise<Record<string, string>>;
}

describe('signing "Try it out" requests in the browser', () => {
  it.each([...WEBHOOK_VERIFIERS.keys()])('%s: the page signs as the verifier does, and the verifier accepts it', async (scheme) => {
    const verifier = WEBHOOK_VERIFIERS.get(scheme)!;
    const headers = await inPage(verifier.signing, BODY, secretOf(scheme), DELIVERY);
    expect(headers).toEqual(verifier.sign(Buffer.from(BODY), secretOf(scheme), DELIVERY));
    const context = { secrets: [secretOf(scheme)], nowMs: DELIVERY.nowMs, toleranceSeconds: 300 };
    expect(verifier.refusal({ headers, body: Buffer.from(BODY) }, context)).toBeUndefined();
  });

  it('the interceptor replaces the placeholders with the signature, whatever their spelling, and never adds the secret', async () => {
    const secret = secretOf('hmac-sha256');
    const signing = { scheme: 'hmac-sha256', securityScheme: 'webhook-payment', recipe: WEBHOOK_VERIFIERS.get('hmac-sha256')!.signing };
    const immutable = (value: unknown) => ({ toJS: () => value });
    const ui = {
      specSelectors: { specJson: () => immutable({ paths: { '/api/v2/webhook/payment': { post: { 'x-webhook-signing': signing } } } }) },
      authSelectors: { authorized: () => immutable({ 'webhook-payment': { value: secret } }) },
    };
    Object.assign(globalThis, { ui });
    try {
      const request = await signTryItOut({
        url: 'http://127.0.0.1:3000/api/v2/webhook/payment',
        method: 'POST',
        headers: { 'X-Webhook-Signature': 'placeholder', 'Content-Type': 'application/json' },
        body: BODY,
      });
      expect(request.headers).toEqual({
        'Content-Type': 'application/json',
        ...WEBHOOK_VERIFIERS.get('hmac-sha256')!.sign(Buffer.from(BODY), secret, DELIVERY),
      });
      expect(Object.values(request.headers)).not.toContain(secret);
    } finally {
      delete (globalThis as { ui?: unknown }).ui;
    }
  });
});
