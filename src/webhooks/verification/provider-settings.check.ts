import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { ConfigurationError } from '../../config/configuration.error.js';
import { providerEnvSuffix } from './provider-settings.js';
import { DEFAULT_SCHEME, WEBHOOK_VERIFIERS } from './webhook-verifiers.js';
import { WebhookHandlerRegistry } from '../webhook-handler.registry.js';

/**
 * Checks the provider settings against the providers the domain modules
 * registered, once they have: a misspelt WEBHOOK_SECRET_<P> would otherwise
 * be ignored and leave its provider answering 401 to everything.
 */
@Injectable()
export class ProviderSettingsCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProviderSettingsCheck.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: WebhookHandlerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const known = new Map(this.registry.providers.map((provider) => [providerEnvSuffix(provider), provider]));
    const unknown = this.config.providerSuffixes.filter((suffix) => !known.has(suffix));
    if (unknown.length > 0) {
      const names = [...known.keys()].join(', ');
      throw new ConfigurationError(
        unknown.map(
          (suffix) =>
            `WEBHOOK_SECRET_${suffix} / WEBHOOK_ALLOWED_IPS_${suffix} / WEBHOOK_SCHEME_${suffix}: no webhook provider is named ${suffix} (known: ${names})`,
        ),
      );
    }
    const wrongSchemes = [...known].flatMap(([suffix, provider]) => this.wrongScheme(suffix, provider) ?? []);
    if (wrongSchemes.length > 0) throw new ConfigurationError(wrongSchemes);
    const weakSecrets = [...known].flatMap(([suffix, provider]) => this.weakSecrets(suffix, provider));
    if (weakSecrets.length > 0) throw new ConfigurationError(weakSecrets);
    // One line, however many providers this deployment does not use.
    const unsigned = [...known.values()].filter((provider) => !this.config.provider(provider)?.secrets.length);
    if (unsigned.length > 0) {
      this.logger.warn(
        `no WEBHOOK_SECRET_<P> for ${unsigned.join(', ')}: every webhook of ${unsigned.length === 1 ? 'it' : 'these'} will be refused with 401`,
      );
    }
  }

  /**
   * Secrets the operator chose (this service's schemes, Razorpay's, Shiprocket's token) that are
   * too weak to guess-proof an endpoint; the schemes of providers that issue their own secrets
   * (Cashfree, Stripe, Shopify) declare no rule. Named by position, never quoted.
   */
  private weakSecrets(suffix: string, provider: string): string[] {
    const settings = this.config.provider(provider);
    const scheme = settings?.scheme ?? this.registry.endpoint(provider)?.schemes[0] ?? DEFAULT_SCHEME;
    const verifier = WEBHOOK_VERIFIERS.get(scheme);
    if (!settings || !verifier?.secretWeakness) return [];
    const many = settings.secrets.length > 1;
    return settings.secrets.flatMap((secret, index) => {
      const weakness = verifier.secretWeakness!(secret);
      if (!weakness) return [];
      const which = many ? `secret ${index + 1} of ${settings.secrets.length}` : 'the secret';
      return [`WEBHOOK_SECRET_${suffix}: ${which} ${weakness}`];
    });
  }

  /** A WEBHOOK_SCHEME_<P> its endpoint does not allow: native providers sign one way only. */
  private wrongScheme(suffix: string, provider: string): string | undefined {
    const scheme = this.config.provider(provider)?.scheme;
    const allowed = this.registry.endpoint(provider)?.schemes;
    if (!scheme || !allowed || allowed.includes(scheme)) return undefined;
    return `WEBHOOK_SCHEME_${suffix}: ${provider} is signed with ${allowed.join(' or ')}, not ${scheme}`;
  }
}
