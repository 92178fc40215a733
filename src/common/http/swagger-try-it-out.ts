/*
 * Runs in the browser, in Swagger UI's page: both functions are serialised
 * with Function.prototype.toString (src/common/http/swagger.ts), so they use
 * nothing but their arguments and the browser's globals, no import.
 */
import type { SigningRecipe } from '../../webhooks/verification/signing-recipe.js';

/** What the OpenAPI document says of a webhook route's signing (`x-webhook-signing`). */
export interface TryItOutSigning {
  scheme: string;
  /** The Swagger security scheme whose value is the provider secret. */
  securityScheme: string;
  recipe: SigningRecipe;
}

/** The part of Swagger UI's request (swagger-client) the interceptor reads and changes. */
export interface TryItOutRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * The headers `recipe` puts on `body` (the text as sent, UTF-8), computed with
 * WebCrypto: the browser twin of signByRecipe, held to it by a unit test.
 */
export async function signWebhookRequest(
  recipe: SigningRecipe,
  body: string,
  secret: string,
  delivery: { id: string; nowMs: number },
): Promise<Record<string, string>> {
  const encoder = new TextEncoder();
  const values: Record<string, string> = {
    id: delivery.id,
    timestamp: String(recipe.timestamp === 'seconds' ? Math.floor(delivery.nowMs / 1000) : delivery.nowMs),
    iso: new Date(delivery.nowMs).toISOString(),
    secret,
  };
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
  if (recipe.signed.length > 0) {
    const keyBytes =
      recipe.key === 'utf8' ? encoder.encode(secret) : Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (c) => c.charCodeAt(0));
    const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const message = encoder.encode(recipe.signed.map((part) => (part === '{body}' ? body : fill(part))).join(''));
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
    values.hex = Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
    values.base64 = btoa(String.fromCharCode(...mac));
  }
  return Object.fromEntries(Object.entries(recipe.headers).map(([name, template]) => [name, fill(template)]));
}

/**
 * Swagger UI's requestInterceptor: a "Try it out" POST to a route whose
 * operation carries `x-webhook-signing` is signed with the secret entered in
 * Authorize for its provider, over the body exactly as it goes out. The
 * secret itself is never added as a header (unless the scheme's credential
 * is the secret, a static token). Without a secret the request goes as it
 * is, and the server's 401 names what is missing.
 */
export async function signTryItOut(request: TryItOutRequest): Promise<TryItOutRequest> {
  interface Immutable {
    toJS(): unknown;
  }
  const ui = (globalThis as { ui?: { specSelectors: { specJson(): Immutable }; authSelectors: { authorized(): Immutable } } }).ui;
  if (!ui || request.method.toUpperCase() !== 'POST') return request;
  const spec = ui.specSelectors.specJson().toJS() as { paths?: Record<string, { post?: { 'x-webhook-signing'?: TryItOutSigning } }> };
  const signing = spec.paths?.[new URL(request.url).pathname]?.post?.['x-webhook-signing'];
  if (!signing) return request;
  const authorized = ui.authSelectors.authorized().toJS() as Record<string, { value?: string } | undefined>;
  const secret = authorized[signing.securityScheme]?.value;
  if (!secret) return request;
  const body = typeof request.body === 'string' ? request.body : '';
  const headers = await signWebhookRequest(signing.recipe, body, secret, { id: crypto.randomUUID(), nowMs: Date.now() });
  for (const [name, value] of Object.entries(headers)) {
    // The route's header fields hold placeholders under other spellings; fetch would join both values.
    for (const existing of Object.keys(request.headers))
      if (existing.toLowerCase() === name.toLowerCase()) delete request.headers[existing];
    request.headers[name] = value;
  }
  return request;
}
