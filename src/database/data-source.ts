import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { migrationDatabaseOptions } from './database-options.js';
import { ensureDatabase } from './migrate.js';

const config = loadConfig({ ADMIN_API_KEY: 'unused-by-the-migration-cli', ...process.env });
// As at the app's start: on a fresh server the CLI creates the database before connecting to it.
await ensureDatabase(config.database.url);

/** For the TypeORM CLI (npm run migration:*), run against the build in dist/. */
export default new DataSource({
  ...migrationDatabaseOptions(config),
  entities: [new URL('../**/*.entity.js', import.meta.url).pathname],
});
