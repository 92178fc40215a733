import type { AppConfig } from '../../config/app-config.js';

/** The notifications part of AppConfig, for channel unit specs. */
export function channelConfig(overrides: Partial<AppConfig['notifications']> = {}): AppConfig {
  const notifications: AppConfig['notifications'] = {
    retryDelaysMs: [100],
    workerConcurrency: 1,
    sendTimeoutMs: 2000,
    slack: {},
    email: { from: 'Shop <no-reply@shop.example>' },
    sms: {},
    ...overrides,
  };
  return { notifications } as AppConfig;
}
