/** Settings that are missing or wrong: the message names each one, never a secret's value. */
export class ConfigurationError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}
