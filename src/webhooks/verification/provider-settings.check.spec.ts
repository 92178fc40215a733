import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../config/app-config.js';
import { applied, WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import { ProviderSettingsCheck } from './provider-settings.check.js';

const ADMIN = { ADMIN_API_KEY: 'an-admin-key-of-16+' };

function checkWith(env: Record<string, string>): ProviderSettingsCheck {
  const registry = new WebhookHandlerRegistry();
  const handler = async () => applied();
  registry.register('payment', { 'payment.success': handler });
  registry.register('gmetri-points', { 'points.updated': handler });
  return new ProviderSettingsCheck(loadConfig({ ...ADMIN, ...env }), registry);
}

describe('provider settings check at start', () => {
  it('accepts settings for the registered providers, whatever their spelling of dashes', () => {
    const check = checkWith({ WEBHOOK_SECRET_PAYMENT: 's', WEBHOOK_SECRET_GMETRI_POINTS: 's', WEBHOOK_ALLOWED_IPS_PAYMENT: '10.0.0.0/8' });
    expect(() => check.onApplicationBootstrap()).not.toThrow();
  });

  it('stops the start naming a variable whose provider does not exist, and the known ones', () => {
    const check = checkWith({ WEBHOOK_SECRET_PAYMENT: 's', WEBHOOK_SECRET_PAYMNT: 'typo' });
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
      checkWith({ WEBHOOK_SECRET_PAYMENT: 's' }).onApplicationBootstrap();
      expect(warn.mock.calls).toEqual([['no WEBHOOK_SECRET_<P> for gmetri-points: every webhook of it will be refused with 401']]);
    } finally {
      warn.mockRestore();
    }
  });
});
