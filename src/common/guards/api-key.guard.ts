import { createHash, timingSafeEqual } from 'node:crypto';
import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config.js';

export const API_KEY_HEADER = 'x-api-key';

/** Internal endpoints: X-Api-Key must equal ADMIN_API_KEY (compared in constant time). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly isAdminKey: (given: unknown) => boolean;

  constructor(config: AppConfig) {
    this.isAdminKey = adminKeyCheck(config.adminApiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.isAdminKey(context.switchToHttp().getRequest<Request>().headers[API_KEY_HEADER])) return true;
    throw new UnauthorizedException(`Missing or wrong ${API_KEY_HEADER} header.`);
  }
}

/** Whether a given value is ADMIN_API_KEY, compared in constant time. */
export function adminKeyCheck(adminApiKey: string): (given: unknown) => boolean {
  const expected = digest(adminApiKey);
  // Hashing both sides gives equal lengths, as timingSafeEqual needs.
  return (given) => typeof given === 'string' && timingSafeEqual(digest(given), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** An internal controller: X-Api-Key required (ApiKeyGuard), and Swagger says so. */
export const ApiKeyProtected = () =>
  applyDecorators(ApiSecurity('api-key'), ApiUnauthorizedResponse({ description: 'Missing or wrong X-Api-Key.' }), UseGuards(ApiKeyGuard));
