import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module.js';
import { buildOpenApiDocument } from '../src/common/http/swagger.js';
import { loadConfig } from '../src/config/app-config.js';

/** openapi.json at the repository root (this file runs from dist/scripts). */
export const OPENAPI_FILE = fileURLToPath(new URL('../../openapi.json', import.meta.url));

/**
 * The document /docs-json serves under the default settings (each provider on
 * its endpoint's first scheme), read from the routes' metadata: preview mode
 * builds no provider, so nothing connects to Postgres or Redis and nothing listens.
 */
export async function exportOpenApi(): Promise<string> {
  // Fixed settings rather than this shell's: the file must not depend on who runs the export.
  const config = loadConfig({ ADMIN_API_KEY: 'unused-by-openapi-export-0123456789' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { preview: true, logger: false });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app, config), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(OPENAPI_FILE, await exportOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}
