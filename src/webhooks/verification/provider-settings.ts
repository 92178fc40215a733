import { IpAllowlist } from './ip-allowlist.js';

const SECRET_PREFIX = 'WEBHOOK_SECRET_';
const ALLOWLIST_PREFIX = 'WEBHOOK_ALLOWED_IPS_';

/** What the service knows of one webhook provider: its secrets and allowed sources. */
export interface ProviderSettings {
  secrets: string[];
  allowlist: IpAllowlist;
}

/** `gmetri-points` → `GMETRI_POINTS`, the suffix of its environment variables. */
export function providerEnvSuffix(provider: string): string {
  return provider.toUpperCase().replace(/-/g, '_');
}

/**
 * Reads every WEBHOOK_SECRET_<P> and WEBHOOK_ALLOWED_IPS_<P> of the environment.
 * Keys are the env suffixes; a bad CIDR fails the start naming its variable.
 */
export function readProviderSettings(env: Record<string, string | undefined>): {
  settings: Map<string, ProviderSettings>;
  errors: string[];
} {
  const settings = new Map<string, ProviderSettings>();
  const errors: string[] = [];
  const entry = (suffix: string) => {
    if (!settings.has(suffix)) settings.set(suffix, { secrets: [], allowlist: IpAllowlist.parse('') });
    return settings.get(suffix)!;
  };
  for (const [name, value = ''] of Object.entries(env)) {
    if (name.startsWith(SECRET_PREFIX)) {
      entry(name.slice(SECRET_PREFIX.length)).secrets = value.split(',').map((s) => s.trim()).filter(Boolean);
    } else if (name.startsWith(ALLOWLIST_PREFIX)) {
      try {
        entry(name.slice(ALLOWLIST_PREFIX.length)).allowlist = IpAllowlist.parse(value);
      } catch (error) {
        errors.push(`${name}: ${(error as Error).message}`);
      }
    }
  }
  return { settings, errors };
}
