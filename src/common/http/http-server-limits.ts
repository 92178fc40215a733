import type { Server } from 'node:http';
import type { AppConfig } from '../../config/app-config.js';

/**
 * How often Node looks for requests past their headers or request timeout.
 * Its default (30 s) would let a trickled body live up to 30 s past its limit.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * Bounds what a client can hold: the whole request (headers and body) must
 * arrive within HTTP_REQUEST_TIMEOUT_MS, the headers within
 * HTTP_HEADERS_TIMEOUT_MS (else 408 and the socket closes), an idle
 * keep-alive socket closes after HTTP_KEEP_ALIVE_TIMEOUT_MS, and beyond
 * HTTP_MAX_CONNECTIONS open sockets new ones are closed at once.
 * Set before listen: the timeout checker starts when the server listens.
 */
export function applyServerLimits(server: Server, { http }: Pick<AppConfig, 'http'>): void {
  server.requestTimeout = http.requestTimeoutMs;
  server.headersTimeout = Math.min(http.headersTimeoutMs, http.requestTimeoutMs);
  server.keepAliveTimeout = http.keepAliveTimeoutMs;
  server.maxConnections = http.maxConnections;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = TIMEOUT_CHECK_INTERVAL_MS;
}
