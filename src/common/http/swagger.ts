import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../../config/app-config.js';
import { providerEnvSuffix } from '../../webhooks/verification/provider-settings.js';
import type { SignatureHeader, WebhookVerifier } from '../../webhooks/verification/webhook-verifier.js';
import { WEBHOOK_VERIFIERS } from '../../webhooks/verification/webhook-verifiers.js';
import { WEBHOOK_ENDPOINT_EXTENSION } from '../../webhooks/webhook-endpoint.decorator.js';
import type { WebhookEndpointMetadata } from '../../webhooks/webhook-provider.js';
import { signTryItOut, signWebhookRequest, type TryItOutSigning } from './swagger-try-it-out.js';

/** Where a webhook operation tells Swagger UI how to sign it. */
export const WEBHOOK_SIGNING_EXTENSION = 'x-webhook-signing';

/** The OpenAPI document of the HTTP application, for the settings it runs with (each provider's scheme). */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('E-commerce webhook service')
    .setDescription(
      'Receives signed webhooks from payment, shipping, loyalty, digital-goods and storefront providers, ' +
        "stores each event durably and applies it exactly once. Webhook routes need their provider's signature " +
        "headers (`X-Webhook-Signature`, hex HMAC-SHA256 of the raw body, for this service's own scheme); internal " +
        'routes need `X-Api-Key`. To try a webhook route here, enter the provider secret under Authorize ' +
        '(`webhook-<provider>`): Swagger UI then signs each request in the browser, over the body as edited; ' +
        'the secret is not sent.',
    )
    .setVersion('2')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, info);
  documentWebhookSigning(document, config);
  return document;
}

/** Swagger UI at /docs, the OpenAPI document at /docs-json; "Try it out" signs webhook requests in the browser. */
export function setupSwagger(app: INestApplication, config: AppConfig): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, config), {
    // Declares signWebhookRequest in the page, for the interceptor (both serialised from their compiled code).
    customJsStr: String(signWebhookRequest),
    swaggerOptions: { requestInterceptor: signTryItOut },
  });
}

/**
 * Gives each webhook operation the headers of the scheme its provider uses,
 * the recipe to sign them (x-webhook-signing) and a security scheme whose
 * value, entered in Swagger UI, is the provider secret.
 */
function documentWebhookSigning(document: OpenAPIObject, config: AppConfig): void {
  const securitySchemes = (document.components ??= {}).securitySchemes ?? {};
  document.components.securitySchemes = securitySchemes;
  for (const operation of Object.values(document.paths).flatMap((item) => item.post ?? [])) {
    const extended = operation as unknown as Record<string, unknown>;
    const endpoint = extended[WEBHOOK_ENDPOINT_EXTENSION] as Pick<WebhookEndpointMetadata, 'provider' | 'schemes'> | undefined;
    if (!endpoint) continue;
    delete extended[WEBHOOK_ENDPOINT_EXTENSION];
    const scheme = config.provider(endpoint.provider)?.scheme ?? endpoint.schemes[0];
    const verifier = WEBHOOK_VERIFIERS.get(scheme);
    if (!verifier) throw new Error(`no verifier for the signature scheme ${scheme}`);
    const securityScheme = `webhook-${endpoint.provider}`;
    securitySchemes[securityScheme] = {
      type: 'apiKey',
      in: 'header',
      name: `WEBHOOK_SECRET_${providerEnvSuffix(endpoint.provider)}`,
      description:
        `Swagger UI only: the ${endpoint.provider} secret (${scheme}). It stays in the browser and signs "Try it out" ` +
        'requests; it is never sent, except where the scheme is a static token (the secret is the token).',
    };
    operation.parameters = [...(operation.parameters ?? []), ...verifier.headers.map((header) => headerParameter(header, verifier))];
    extended[WEBHOOK_SIGNING_EXTENSION] = { scheme, securityScheme, recipe: verifier.signing } satisfies TryItOutSigning;
  }
}

const SIGNED_IN_BROWSER = 'set by Swagger UI once the provider secret is entered under Authorize';

function headerParameter({ name, description, required = true, example }: SignatureHeader, verifier: WebhookVerifier) {
  const signed = Object.keys(verifier.signing.headers).some((header) => header.toLowerCase() === name.toLowerCase());
  return {
    name,
    in: 'header' as const,
    description,
    required,
    schema: { type: 'string' },
    example: signed ? SIGNED_IN_BROWSER : example,
  };
}
