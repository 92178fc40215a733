import { RequestMethod } from '@nestjs/common';

/** Every provider's webhook is POST /api/v2/webhook/<provider>; the prefix is spelled here only. */
export const WEBHOOK_ROUTE = 'api/v2/webhook';

/** The webhook routes as middleware sees them: the prefix and whatever follows it. */
export const WEBHOOK_ROUTES = { path: `${WEBHOOK_ROUTE}/*path`, method: RequestMethod.ALL };

const PROVIDER_PATH = `/${WEBHOOK_ROUTE}/`;

/** `payment` for `/api/v2/webhook/payment?x=1`; undefined for any path outside the webhook routes. */
export function providerInPath(url: string): string | undefined {
  const path = url.split('?')[0];
  if (!path.startsWith(PROVIDER_PATH)) return undefined;
  return path.slice(PROVIDER_PATH.length).split('/')[0] || undefined;
}
