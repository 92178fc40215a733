/** A peer answered with something other than 2xx, or not at all. */
export class ChannelRequestError extends Error {
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ChannelRequestError';
  }
}
