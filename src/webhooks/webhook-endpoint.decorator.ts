import { applyDecorators, Controller, HttpCode, HttpStatus, Post, type Type, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExtension,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { WebhookIpGuard } from './verification/webhook-ip.guard.js';
import { ForWebhookProvider } from './webhook-provider.js';
import { WebhookSignatureGuard } from './verification/webhook-signature.guard.js';
import { providerEnvSuffix } from './verification/provider-settings.js';
import { WebhookReceiptDto } from './dto/webhook-receipt.dto.js';
import { WEBHOOK_ROUTE } from './webhook-route.js';

/** The OpenAPI extension on a webhook operation naming its provider and schemes, until the document is set up. */
export const WEBHOOK_ENDPOINT_EXTENSION = 'x-webhook-endpoint';

/** A provider's webhook controller: its routes live under the webhook prefix, listed together in Swagger. */
export const WebhookController = () => applyDecorators(Controller(WEBHOOK_ROUTE), ApiTags('webhooks'));

export interface WebhookEndpointOptions {
  summary: string;
  /** The event types it acts on; each needs an @OnWebhook handler, or the start stops. */
  events: readonly string[];
  /** The signature schemes the provider may use, the default first (WEBHOOK_SCHEME_<P> picks another). */
  schemes?: readonly string[];
  body: Type<unknown>;
  /** Example payloads for Swagger, keyed by a name (usually the event type). */
  examples: Record<string, object>;
}

/**
 * Everything a provider's webhook route needs: POST <WEBHOOK_ROUTE>/<provider>,
 * IP allowlist then signature on the raw body, 200 with a receipt, and its
 * Swagger description with the signature header and example payloads.
 */
/** Providers that adopted this service's own scheme may move to Standard Webhooks. */
const OWN_SCHEMES = ['hmac-sha256', 'standard-webhooks'];

export function WebhookEndpoint(provider: string, options: WebhookEndpointOptions) {
  const suffix = providerEnvSuffix(provider);
  const schemes = options.schemes ?? OWN_SCHEMES;
  return applyDecorators(
    Post(provider),
    HttpCode(HttpStatus.OK),
    ForWebhookProvider({ provider, events: options.events, schemes }),
    UseGuards(WebhookIpGuard, WebhookSignatureGuard),
    ApiOperation({
      summary: options.summary,
      description:
        `Signed with WEBHOOK_SECRET_${suffix}; sources limited by WEBHOOK_ALLOWED_IPS_${suffix}. ` +
        'The event is committed to the inbox before the answer and processed asynchronously.',
    }),
    // Its signature headers depend on the scheme the settings pick: the document gets them at setup (common/http/swagger.ts).
    ApiExtension(WEBHOOK_ENDPOINT_EXTENSION, { provider, schemes }),
    ApiBody({
      type: options.body,
      examples: Object.fromEntries(Object.entries(options.examples).map(([event, value]) => [event, { summary: event, value }])),
    }),
    ApiOkResponse({ type: WebhookReceiptDto, description: 'Stored (accepted) or already stored (duplicate).' }),
    ApiBadRequestResponse({ description: 'Malformed JSON, wrong content type, unknown event type or missing fields.' }),
    ApiUnauthorizedResponse({ description: 'Missing or invalid signature.' }),
    ApiForbiddenResponse({ description: 'Source address not in the provider allowlist.' }),
    ApiPayloadTooLargeResponse({ description: 'Body over WEBHOOK_BODY_LIMIT_BYTES.' }),
    ApiServiceUnavailableResponse({ description: 'The event store is down; retry later. Nothing was stored.' }),
  );
}
