import type { NextFunction, Request, Response } from 'express';
import { adminKeyCheck, API_KEY_HEADER } from '../common/guards/api-key.guard.js';

const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

/**
 * The queue board's door: the admin key, as a browser sends it (HTTP Basic,
 * any user name, the key as password; a 401 asks for it) or as scripts do
 * (X-Api-Key). Nothing else opens it.
 */
export function queueBoardAuth(adminApiKey: string) {
  const isAdminKey = adminKeyCheck(adminApiKey);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (isAdminKey(request.headers[API_KEY_HEADER]) || isAdminKey(basicPassword(request.headers.authorization))) return next();
    response
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="queue board", charset="UTF-8"')
      .json({ statusCode: 401, message: 'The admin key is required: HTTP Basic (password) or X-Api-Key.', error: 'Unauthorized' });
  };
}

/** The password of an HTTP Basic Authorization header (everything after the first colon), if it is one. */
export function basicPassword(authorization: string | undefined): string | undefined {
  const encoded = BASIC.exec(authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const credentials = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}
