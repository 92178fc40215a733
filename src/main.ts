import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp, createWorkerContext } from './app.factory.js';
import { ConfigurationError, loadConfig } from './config/app-config.js';
import { runMigrations } from './database/migrate.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
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

bootstrap().catch((error: unknown) => {
  // A bad setting is the operator's to fix: say which, without a stack trace.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
