import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp, createWorkerContext } from './app.factory.js';
import { loadConfig } from './config/app-config.js';
import { ConfigurationError } from './config/configuration.error.js';
import { runMigrations } from './database/migrate.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  exitAfterGracePeriod(config.shutdownTimeoutMs);
  await runMigrations(config);
  if (!config.servesHttp) {
    await createWorkerContext(config);
    new Logger('Bootstrap').log('worker started (APP_ROLE=worker)');
    return;
  }
  const app = await createHttpApp(config);
  await app.listen(config.port);
  new Logger('Bootstrap').log(`listening on ${await app.getUrl()} (APP_ROLE=${config.role}); Swagger UI at /docs`);
}

/**
 * On SIGTERM (or SIGINT) Nest closes the app: HTTP answers 503 and closes, the
 * queues wait for the jobs in hand, then the pools close. A job still running
 * after SHUTDOWN_TIMEOUT_MS is abandoned: it was not committed, so Bull's
 * stalled-job check gives it to another worker.
 */
function exitAfterGracePeriod(timeoutMs: number): void {
  const forceExit = () => {
    console.error(`shutdown took longer than SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms); exiting with jobs unfinished`);
    process.exit(1);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(forceExit, timeoutMs).unref());
  }
}

bootstrap().catch((error: unknown) => {
  // A bad setting is the operator's to fix: say which, without a stack trace.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
