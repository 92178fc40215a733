import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config.js';
import { applyServerLimits } from './http-server-limits.js';

/** What operators and Prometheus use, not providers: kept off the public port when INTERNAL_PORT is set. */
// Case-insensitive as Express's routing is; a trailing part covers Swagger UI's assets and a trailing slash.
const INTERNAL_PATH = /^\/(metrics|docs|docs-json|docs-yaml|health\/ready)(\/.*)?$/i;

const viaInternalPort = new WeakSet<IncomingMessage>();
const internalServers = new WeakMap<NestExpressApplication, Server>();

export function isInternalPath(path: string): boolean {
  return INTERNAL_PATH.test(path);
}

/**
 * With INTERNAL_PORT set, a second server on that port serves the same app
 * (everything, Swagger's "try it out" included), and the public port answers
 * 404 for the internal paths, as for any route it does not have. It listens
 * once the public server does and closes with it. Call before any route is
 * registered (Swagger's included), so the 404 comes first.
 */
export function serveInternalRoutes(app: NestExpressApplication, config: AppConfig): void {
  const port = config.http.internalPort;
  if (port === undefined) return;
  const express = app.getHttpAdapter().getInstance() as (request: IncomingMessage, response: unknown) => void;
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (viaInternalPort.has(request) || !isInternalPath(request.path)) return next();
    response.status(404).json({ statusCode: 404, message: `Cannot ${request.method} ${request.path}`, error: 'Not Found' });
  });
  const internal = createServer((request, response) => {
    viaInternalPort.add(request);
    express(request, response);
  });
  applyServerLimits(internal, config);
  internalServers.set(app, internal);
  const logger = new Logger('InternalPort');
  internal.on('error', (error) => logger.error(`INTERNAL_PORT ${port}: ${error.message}`));
  const publicServer = app.getHttpServer();
  publicServer.once('listening', () => {
    internal.listen(port, () => logger.log(`internal routes (/metrics, /docs, /health/ready) on port ${portOf(internal)} only`));
  });
  publicServer.once('close', () => {
    internal.close();
    internal.closeAllConnections();
  });
}

/** The internal server of an app started with INTERNAL_PORT (for tests and the start line), once it listens. */
export function internalServerOf(app: NestExpressApplication): Server | undefined {
  return internalServers.get(app);
}

function portOf(server: Server): number | undefined {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : undefined;
}
