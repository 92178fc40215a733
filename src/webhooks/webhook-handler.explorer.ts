import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { ON_WEBHOOK, type OnWebhookMetadata } from './on-webhook.decorator.js';
import { WEBHOOK_ENDPOINT, type WebhookEndpointMetadata } from './webhook-provider.js';
import { type WebhookHandler, WebhookHandlerRegistry } from './webhook-handler.registry.js';

/**
 * Finds every @OnWebhook method and registers it, then checks the handlers
 * against the events each @WebhookEndpoint accepts: an accepted event
 * without a handler would dead-letter every copy, so the start stops
 * instead, naming it. Two handlers for one event stop it too (register).
 */
@Injectable()
export class WebhookHandlerExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: WebhookHandlerRegistry,
  ) {}

  onModuleInit(): void {
    for (const { instance } of this.discovery.getProviders().filter(hasInstance)) {
      for (const { provider, events, handler } of this.handlersOf(instance)) {
        this.registry.register(provider, Object.fromEntries(events.map((event) => [event, handler])));
      }
    }
    const endpoints = this.endpoints();
    for (const endpoint of endpoints) this.registry.declareEndpoint(endpoint);
    const accepted = endpoints.flatMap(({ provider, events }) => events.map((event): [string, string] => [provider, event]));
    const unhandled = accepted.filter(([provider, event]) => !this.registry.resolve(provider, event));
    if (unhandled.length > 0) {
      const names = unhandled.map(([provider, event]) => `${provider}/${event}`).join(', ');
      throw new Error(`no @OnWebhook handler for ${names}, which its endpoint accepts`);
    }
  }

  private handlersOf(instance: object): Array<OnWebhookMetadata & { handler: WebhookHandler }> {
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
      const method = prototype[name] as WebhookHandler;
      const metadata = this.reflector.get<OnWebhookMetadata | undefined>(ON_WEBHOOK, method);
      return metadata ? [{ ...metadata, handler: method.bind(instance) }] : [];
    });
  }

  /** What every @WebhookEndpoint declares. */
  private endpoints(): WebhookEndpointMetadata[] {
    return this.discovery
      .getControllers()
      .filter(hasInstance)
      .flatMap(({ instance }) => {
        const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
        return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
          const endpoint = this.reflector.get<WebhookEndpointMetadata | undefined>(WEBHOOK_ENDPOINT, prototype[name] as () => unknown);
          return endpoint ? [endpoint] : [];
        });
      });
  }
}

function hasInstance(wrapper: InstanceWrapper): wrapper is InstanceWrapper<object> & { instance: object } {
  return wrapper.instance !== null && typeof wrapper.instance === 'object';
}
