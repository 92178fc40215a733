import { Injectable, Req, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Clock } from '../common/time/clock.js';
import { AppConfig, loadConfig } from '../config/app-config.js';
import { OnWebhook } from './on-webhook.decorator.js';
import { WebhookController, WebhookEndpoint } from './webhook-endpoint.decorator.js';
import { WebhookHandlerExplorer } from './webhook-handler.explorer.js';
import { applied, type HandlerResult, WebhookHandlerRegistry } from './webhook-handler.registry.js';

@WebhookController()
class DemoWebhookController {
  @WebhookEndpoint('demo', { summary: 'demo', events: ['demo.created', 'demo.deleted'], body: Object, examples: {} })
  receive(@Req() _request: unknown): void {}
}

@Injectable()
class DemoWebhookHandler {
  @OnWebhook('demo', 'demo.created', 'demo.deleted')
  async apply(): Promise<HandlerResult> {
    return applied('handled by DemoWebhookHandler');
  }
}

@Injectable()
class CreatedOnlyHandler {
  @OnWebhook('demo', 'demo.created')
  async apply(): Promise<HandlerResult> {
    return applied('handled by CreatedOnlyHandler');
  }
}

/** Starts a module holding the demo endpoint and these handler classes; resolves to the registry. */
async function start(...handlers: Array<Type<unknown>>): Promise<WebhookHandlerRegistry> {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers: [DemoWebhookController],
    // The endpoint's guards need the settings (the admin key is the only one required) and the clock.
    providers: [
      { provide: AppConfig, useValue: loadConfig({ ADMIN_API_KEY: 'admin-key-0123456789abcdef' }) },
      Clock,
      WebhookHandlerRegistry,
      WebhookHandlerExplorer,
      ...handlers,
    ],
  }).compile();
  await module.init();
  return module.get(WebhookHandlerRegistry);
}

const context = {} as Parameters<NonNullable<ReturnType<WebhookHandlerRegistry['resolve']>>>[0];

describe('WebhookHandlerExplorer', () => {
  it('registers every @OnWebhook method for each of its events, bound to its instance', async () => {
    const registry = await start(DemoWebhookHandler);
    await expect(registry.resolve('demo', 'demo.created')!(context)).resolves.toEqual(applied('handled by DemoWebhookHandler'));
    await expect(registry.resolve('demo', 'demo.deleted')!(context)).resolves.toEqual(applied('handled by DemoWebhookHandler'));
    expect(registry.providers).toEqual(['demo']);
  });

  it('refuses to start when an event the endpoint accepts has no handler, naming it', async () => {
    await expect(start(CreatedOnlyHandler)).rejects.toThrow('no @OnWebhook handler for demo/demo.deleted, which its endpoint accepts');
  });

  it('refuses to start when an event has two handlers', async () => {
    await expect(start(DemoWebhookHandler, CreatedOnlyHandler)).rejects.toThrow('a handler for demo/demo.created is registered twice');
  });
});
