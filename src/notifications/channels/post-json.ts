import { type ChannelReceipt } from './notification-channel.js';
import { ChannelRequestError } from './channel-request.error.js';

/**
 * POSTs a JSON body; any answer other than 2xx, or none within `timeoutMs`,
 * throws. Error messages never carry the URL, which may hold a token.
 */
export async function postJson(
  target: string,
  url: string,
  body: object,
  options: { timeoutMs: number; headers?: Record<string, string> },
): Promise<ChannelReceipt> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new ChannelRequestError(`${target} did not answer: ${describeFetchError(error)}`);
  }
  // Read to the end so the connection can be reused; the content is of no use here.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new ChannelRequestError(`${target} answered ${response.status}`, response.status);
  return { httpStatus: response.status };
}

function describeFetchError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).message;
}
