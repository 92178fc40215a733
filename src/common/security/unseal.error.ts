/** A sealed value could not be opened: altered, truncated, or sealed under another key. */
export class UnsealError extends Error {
  constructor() {
    super('sealed value cannot be opened (tampered with, or sealed under another key)');
    this.name = 'UnsealError';
  }
}
