import { IpAllowlist } from './ip-allowlist.js';
import { WEBHOOK_VERIFIERS } from './webhook-verifiers.js';

const SECRET_PREFIX = 'WEBHOOK_SECRET_';
const ALLOWLIST_PREFIX = 'WEBHOOK_ALLOWED_IPS_';
const SCHEME_PREFIX = 'WEBHOOK_SCHEME_';

/** What the service knows of one webhook provider: its secrets, allowed sources and, where it may choose, its signature scheme. */
export interface ProviderSettings {
  secrets: string[];
  allowlist: IpAllowlist;
  /** WEBHOOK_SCHEME_<P>; unset means the scheme its endpoint declares first. */
  scheme?: string;
}

/** `gmetri-points` → `GMETRI_POINTS`, the suffix of its environment variables. */
export function providerEnvSuffix(provider: string): string {
  return provider.toUpperCase().replace(/-/g, '_');
}

/**
 * Reads every WEBHOOK_SECRET_<P>, WEBHOOK_ALLOWED_IPS_<P> and WEBHOOK_SCHEME_<P>
 * of the environment. Keys are the env suffixes; a bad CIDR or a scheme the
 * service does not know fails the start naming its variable.
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
      entry(name.slice(SECRET_PREFIX.length)).secrets = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (name.startsWith(SCHEME_PREFIX)) {
      const scheme = value.trim();
      if (WEBHOOK_VERIFIERS.has(scheme)) entry(name.slice(SCHEME_PREFIX.length)).scheme = scheme;
      else errors.push(`${name}: no signature scheme is named "${scheme}" (known: ${[...WEBHOOK_VERIFIERS.keys()].join(', ')})`);
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
