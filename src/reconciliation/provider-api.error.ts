/** The provider's API did not answer usefully after every try (timeout, network, 5xx, or a refusal). */
export class ProviderApiError extends Error {
  override readonly name = 'ProviderApiError';
}
