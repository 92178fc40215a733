import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { TestApp } from './support/test-app.js';

const OPENAPI_FILE = new URL('../openapi.json', import.meta.url);

/** The top-level paths (and sections) where two documents differ, to say where to look. */
function differences(served: Record<string, unknown>, committed: Record<string, unknown>, prefix = ''): string[] {
  return [...new Set([...Object.keys(served), ...Object.keys(committed)])].flatMap((key) => {
    const [a, b] = [served[key], committed[key]];
    if (isDeepStrictEqual(a, b)) return [];
    const bothObjects = [a, b].every((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
    return bothObjects && !prefix ? differences(a as Record<string, unknown>, b as Record<string, unknown>, key) : [`${prefix}/${key}`];
  });
}

describe('openapi.json at the repository root', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('is the document the service serves at /docs-json', async () => {
    // Both parsed here: objects of another realm (fetch's) never compare strictly equal.
    const served = JSON.parse(await (await fetch(`${app.url}/docs-json`)).text()) as Record<string, unknown>;
    const committed = JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as Record<string, unknown>;
    const changed = differences(served, committed);
    if (changed.length > 0) {
      throw new Error(
        `openapi.json differs from /docs-json at ${changed.join(', ')}: run \`npm run openapi:export\` and commit openapi.json`,
      );
    }
  });
});
