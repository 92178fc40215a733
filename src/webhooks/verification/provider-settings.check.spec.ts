import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../config/app-config.js';
import { applied, WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import { ProviderSettingsCheck } from './provider-settings.check.js';

const ADMIN = { ADMIN_API_KEY: 'an-admin-key-of-16+' };
/** 32 characters: the shortest secret an operator may choose. */
const STRONG = 'a-secret-of-32-characters-012345';

function checkWith(env: Record<string, string>): ProviderSettingsCheck {
  const registry = new WebhookHandlerRegistry();
  const handler = async () => applied();
  registry.register('payment', { 'payment.success': handler });
  registry.register('gmetri-points', { 'points.updated': handler });
  return new ProviderSettingsCheck(loadConfig({ ...ADMIN, ...env }), registry);
}

describe('provider settings check at start', () => {
  it('accepts settings for the registered providers, whatever their spelling of dashes', () => {
    const check = checkWith({
      WEBHOOK_SECRET_PAYMENT: STRONG,
      WEBHOOK_SECRET_GMETRI_POINTS: STRONG,
      WEBHOOK_ALLOWED_IPS_PAYMENT: '10.0.0.0/8',
    });
    expect(() => check.onApplicationBootstrap()).not.toThrow();
  });

  it('stops the start naming a variable whose provider does not exist, and the known ones', () => {
    const check = checkWith({ WEBHOOK_SECRET_PAYMENT: STRONG, WEBHOOK_SECRET_PAYMNT: 'typo' });
    expect(() => check.onApplicationBootstrap()).toThrow(
      /WEBHOOK_SECRET_PAYMNT .*no webhook provider is named PAYMNT \(known: PAYMENT, GMETRI_POINTS\)/,
    );
  });

  it('never shows the secret of a misnamed variable', () => {
    const check = checkWith({ WEBHOOK_SECRET_SHIPPNG: 'the-secret-value' });
    expect(() => check.onApplicationBootstrap()).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('the-secret-value') }),
    );
  });
});

describe('provider signature schemes at start', () => {
  function checkWithEndpoint(env: Record<string, string>): ProviderSettingsCheck {
    const registry = new WebhookHandlerRegistry();
    registry.register('razorpay', { 'payment.captured': async () => applied() });
    registry.declareEndpoint({ provider: 'razorpay', events: ['payment.captured'], schemes: ['razorpay'] });
    return new ProviderSettingsCheck(loadConfig({ ...ADMIN, ...env }), registry);
  }

  it("accepts the endpoint's own scheme", () => {
    expect(() => checkWithEndpoint({ WEBHOOK_SCHEME_RAZORPAY: 'razorpay' }).onApplicationBootstrap()).not.toThrow();
  });

  it('stops the start when WEBHOOK_SCHEME_<P> names a scheme the endpoint does not allow', () => {
    expect(() => checkWithEndpoint({ WEBHOOK_SCHEME_RAZORPAY: 'hmac-sha256' }).onApplicationBootstrap()).toThrow(
      /WEBHOOK_SCHEME_RAZORPAY: razorpay is signed with razorpay, not hmac-sha256/,
    );
  });
});

describe('providers without a secret at start', () => {
  it('are named in one warning line', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      checkWith({ WEBHOOK_SECRET_PAYMENT: STRONG }).onApplicationBootstrap();
      expect(warn.mock.calls).toEqual([['no WEBHOOK_SECRET_<P> for gmetri-points: every webhook of it will be refused with 401']]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('secret strength at start', () => {
  function checkOf(provider: string, schemes: string[] | undefined, env: Record<string, string>): ProviderSettingsCheck {
    const registry = new WebhookHandlerRegistry();
    registry.register(provider, { 'some.event': async () => applied() });
    if (schemes) registry.declareEndpoint({ provider, events: ['some.event'], schemes });
    return new ProviderSettingsCheck(loadConfig({ ...ADMIN, ...env }), registry);
  }
  const failure = (check: ProviderSettingsCheck): string => {
    try {
      check.onApplicationBootstrap();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the start was not refused');
  };

  it.each([
    ["this service's scheme (payment)", 'payment', undefined, 'PAYMENT'],
    ["this service's scheme (order-payment)", 'order-payment', undefined, 'ORDER_PAYMENT'],
    ["Razorpay's webhook secret", 'razorpay', ['razorpay'], 'RAZORPAY'],
    ["Shiprocket's token", 'shiprocket', ['static-token'], 'SHIPROCKET'],
  ])(
    'stops the start on a secret shorter than 32 characters for %s, naming the setting, never the value',
    (_, provider, schemes, suffix) => {
      const weak = 'a-secret-of-31-characters-01234';
      const message = failure(checkOf(provider, schemes, { [`WEBHOOK_SECRET_${suffix}`]: weak }));
      expect(message).toContain(`WEBHOOK_SECRET_${suffix}: the secret is shorter than 32 characters`);
      expect(message).not.toContain(weak);
      expect(() => checkOf(provider, schemes, { [`WEBHOOK_SECRET_${suffix}`]: STRONG }).onApplicationBootstrap()).not.toThrow();
    },
  );

  it('stops the start on WEBHOOK_SECRET_PAYMENT=a', () => {
    const message = failure(checkOf('payment', undefined, { WEBHOOK_SECRET_PAYMENT: 'a' }));
    expect(message).toMatch(/WEBHOOK_SECRET_PAYMENT: the secret is shorter than 32 characters/);
  });

  it('names which of several secrets (rotation) is weak', () => {
    const message = failure(checkOf('payment', undefined, { WEBHOOK_SECRET_PAYMENT: `${STRONG},old-short-secret` }));
    expect(message).toContain('WEBHOOK_SECRET_PAYMENT: secret 2 of 2 is shorter than 32 characters');
    expect(message).not.toContain('old-short-secret');
  });

  it.each([
    ['Cashfree (the PG client secret it issues)', 'cashfree', ['cashfree']],
    ['Stripe (the whsec_ it issues)', 'stripe', ['stripe']],
    ['Shopify (the app secret it issues)', 'shopify', ['shopify']],
  ])('leaves the secrets providers issue to them: %s', (_, provider, schemes) => {
    const suffix = provider.toUpperCase();
    expect(() => checkOf(provider, schemes, { [`WEBHOOK_SECRET_${suffix}`]: 'short-issued' }).onApplicationBootstrap()).not.toThrow();
  });

  it('asks a Standard Webhooks whsec_ secret for the 24 random bytes its specification does', () => {
    const weak = `whsec_${Buffer.alloc(23, 7).toString('base64')}`;
    const message = failure(checkOf('payment', undefined, { WEBHOOK_SCHEME_PAYMENT: 'standard-webhooks', WEBHOOK_SECRET_PAYMENT: weak }));
    expect(message).toContain('WEBHOOK_SECRET_PAYMENT: the secret decodes to 23 bytes, fewer than the 24 Standard Webhooks asks for');
    expect(message).not.toContain(weak);
    const strong = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    expect(() =>
      checkOf('payment', undefined, {
        WEBHOOK_SCHEME_PAYMENT: 'standard-webhooks',
        WEBHOOK_SECRET_PAYMENT: strong,
      }).onApplicationBootstrap(),
    ).not.toThrow();
  });
});
