import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config.js';

/** True when METRICS_TOKEN is unset, or `authorization` is `Bearer <METRICS_TOKEN>` (compared in constant time). */
export function carriesMetricsToken(authorization: string | string[] | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  if (typeof authorization !== 'string') return false;
  const [scheme, given] = authorization.trim().split(/\s+/, 2);
  // Hashing both sides gives equal lengths, as timingSafeEqual needs.
  return scheme?.toLowerCase() === 'bearer' && given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** /metrics: with METRICS_TOKEN set, only a scraper that sends it as a bearer token. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const { authorization } = context.switchToHttp().getRequest<Request>().headers;
    if (carriesMetricsToken(authorization, this.config.http.metricsToken)) return true;
    throw new UnauthorizedException('Missing or wrong bearer token (METRICS_TOKEN).');
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
