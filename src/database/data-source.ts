import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { databaseOptions } from './database-options.js';

/** For the TypeORM CLI (npm run migration:*), run against the build in dist/. */
export default new DataSource({
  ...databaseOptions(loadConfig({ ADMIN_API_KEY: 'unused-by-the-migration-cli', ...process.env })),
  entities: [new URL('../**/*.entity.js', import.meta.url).pathname],
});
