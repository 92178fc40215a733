import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { requestLoggingOf } from './common/logging/logging.module.js';
import { applyServerLimits } from './common/http/http-server-limits.js';
import { serveInternalRoutes } from './common/http/internal-routes.js';
import { setupSwagger } from './common/http/swagger.js';
import { ApiValidationPipe } from './common/http/api-validation.pipe.js';
import { cacheValidationMetadata } from './common/validation/validation-metadata-cache.js';
import type { AppConfig } from './config/app-config.js';

/**
 * The HTTP application with every global piece in place; main.ts and the
 * end-to-end tests both build it here, so tests run what production runs.
 */
export async function createHttpApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    // From the first moment of a shutdown, new requests get 503 and go to another replica.
    return503OnClosing: true,
  });
  app.useLogger(app.get(Logger));
  // First of all, so that every answer, a refusal too, carries the request id.
  app.use(requestLoggingOf(config));
  app.disable('x-powered-by');
  // Answers are receipts and admin pages no client revalidates; Express would hash every body, each webhook receipt's too.
  app.disable('etag');
  applyServerLimits(app.getHttpServer(), config);
  serveInternalRoutes(app, config);
  cacheValidationMetadata();
  app.useGlobalPipes(new ApiValidationPipe());
  // No shutdown hooks: main.ts closes the app on SIGTERM/SIGINT itself, and logs the stop.
  setupSwagger(app, config);
  return app;
}

/** A worker replica: processors and schedules, no HTTP server. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
