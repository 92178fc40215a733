import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  const document = new DocumentBuilder()
    .setTitle('E-commerce webhook service')
    .setDescription(
      'Receives signed webhooks from payment, shipping, loyalty, digital-goods and storefront providers, ' +
        'stores each event durably and applies it exactly once. Webhook routes need `X-Webhook-Signature` ' +
        '(hex HMAC-SHA256 of the raw body with the provider secret); internal routes need `X-Api-Key`.',
    )
    .setVersion('2')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, document));
}
