import 'reflect-metadata';
import { type AddressInfo, createServer } from 'node:net';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from './common/async/with-timeout.js';
import { startTracing, stopTracing } from './common/tracing/start-tracing.js';
import { useAppLogger } from './common/logging/logging.module.js';
import { type AppConfig, loadConfig } from './config/app-config.js';
import { ConfigurationError } from './config/configuration.error.js';
import { reasonOf, StartupError, withoutPassword } from './config/startup-error.js';
import { WEBHOOK_EVENTS_QUEUE } from './webhooks/processing/webhook-queue.js';

/** How long the start waits for Redis to answer before it says it does not (the start goes on). */
const REDIS_CHECK_TIMEOUT_MS = 3_000;

/** What a SIGTERM or SIGINT closes: the app, once it exists. */
let running: INestApplicationContext | undefined;

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // From here on every line, the migrations' too, goes through the app's logger.
  useAppLogger(config);
  stopOnSignals(config.shutdownTimeoutMs);
  await startTracing(config);
  // Imported only now, so that tracing, once started, instruments the packages they load.
  const [{ createHttpApp, createWorkerContext }, { runMigrations }] = await Promise.all([
    import('./app.factory.js'),
    import('./database/migrate.js'),
  ]);
  const logger = new Logger('Bootstrap');
  if (config.servesHttp) {
    await ensurePortFree(config.port);
    if (config.http.internalPort !== undefined) await ensurePortFree(config.http.internalPort, 'INTERNAL_PORT');
  }
  await runMigrations(config);
  if (!config.servesHttp) {
    running = await createWorkerContext(config);
    logger.log('worker started (APP_ROLE=worker)');
    await warnIfRedisUnreachable(running, config);
    return;
  }
  const app = await createHttpApp(config);
  running = app;
  await app.listen(config.port).catch((error: unknown) => {
    throw listenError(config.port, error);
  });
  const { port } = app.getHttpServer().address() as AddressInfo;
  logger.log(`listening on http://0.0.0.0:${port} (all interfaces, APP_ROLE=${config.role}); Swagger UI at http://localhost:${port}/docs`);
  await warnIfRedisUnreachable(app, config);
}

/**
 * On SIGTERM (or SIGINT) Nest closes the app, in this order: the schedules
 * stop and wait for a sweep or run under way (before-shutdown hooks); HTTP
 * answers 503 and closes once the requests in hand have answered; the audit
 * writer then stores the rows of those requests, the queues wait for the
 * jobs in hand, and the database pool closes last (a global module, shut
 * down after every other). A job still running
 * after SHUTDOWN_TIMEOUT_MS is abandoned: it was not committed, so Bull's
 * stalled-job check gives it to another worker. The app leaves signals to
 * main (app.factory.ts enables no shutdown hooks), so that main can say when
 * the stop began and when it ended.
 */
function stopOnSignals(timeoutMs: number): void {
  const logger = new Logger('Bootstrap');
  let stopping = false;
  const forceExit = () => {
    logger.error(`shutdown took longer than SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms); exiting with jobs unfinished`);
    process.exit(1);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal} received: stopping (jobs in hand get up to SHUTDOWN_TIMEOUT_MS, ${timeoutMs} ms)`);
      setTimeout(forceExit, timeoutMs).unref();
      (running?.close() ?? Promise.resolve()).then(stopTracing).then(
        () => {
          logger.log('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(`stopping failed: ${reasonOf(error)}`);
          process.exit(1);
        },
      );
    });
  }
}

/** A taken PORT fails the start at once, in one line: Nest would find out only after starting everything else. */
function ensurePortFree(port: number, setting = 'PORT'): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(listenError(port, error, setting)));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

function listenError(port: number, error: unknown, setting = 'PORT'): StartupError {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new StartupError(`${setting} ${port} is in use: another process listens on it (stop it, or set ${setting} to a free port)`);
  }
  return new StartupError(`cannot listen on ${setting} ${port}: ${reasonOf(error)}`);
}

/** The service starts without Redis (events are stored, and queued once it answers), but says so. */
async function warnIfRedisUnreachable(app: INestApplicationContext, config: AppConfig): Promise<void> {
  const { getQueueToken } = await import('@nestjs/bull');
  const queue = app.get<Queue>(getQueueToken(WEBHOOK_EVENTS_QUEUE), { strict: false });
  let lastError: unknown;
  const onError = (error: unknown) => (lastError = error);
  queue.client.on('error', onError);
  try {
    await withTimeout(queue.client.ping(), REDIS_CHECK_TIMEOUT_MS, `no answer within ${REDIS_CHECK_TIMEOUT_MS} ms`);
  } catch (error) {
    new Logger('Bootstrap').warn(
      `Redis at REDIS_URL=${withoutPassword(config.redis.url)} does not answer (${reasonOf(lastError ?? error)}): ` +
        'webhooks are still stored, and queued once it answers',
    );
  } finally {
    queue.client.off('error', onError);
  }
}

bootstrap().catch((error: unknown) => {
  // A bad setting is the operator's to fix: say which, without a stack trace.
  const known = error instanceof ConfigurationError || error instanceof StartupError;
  console.error(known ? error.message : error);
  process.exit(1);
});
