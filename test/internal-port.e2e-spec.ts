import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { internalServerOf } from '../src/common/http/internal-routes.js';
import { TestApp } from './support/test-app.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123456789';
const INTERNAL_PATHS = ['/metrics', '/docs', '/docs-json', '/health/ready'];

describe('INTERNAL_PORT and METRICS_TOKEN', () => {
  let app: TestApp;
  let internalUrl: string;

  beforeAll(async () => {
    app = await TestApp.start({ env: { INTERNAL_PORT: '0', METRICS_TOKEN } });
    const internal = internalServerOf(app.app as NestExpressApplication)!;
    if (!internal.listening) await once(internal, 'listening');
    internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.stop();
  });

  const bearer = { authorization: `Bearer ${METRICS_TOKEN}` };

  it.each(INTERNAL_PATHS)('the public port answers 404 for %s, however spelled', async (path) => {
    for (const spelling of [path, path.toUpperCase(), `${path}/`, `${path}?x=1`]) {
      expect((await fetch(`${app.url}${spelling}`, { headers: bearer })).status).toBe(404);
    }
  });

  it.each(INTERNAL_PATHS)('the internal port serves %s', async (path) => {
    expect((await fetch(`${internalUrl}${path}`, { headers: bearer })).status).toBe(200);
  });

  it('keeps webhooks and the liveness probe on the public port', async () => {
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    expect((await app.post('payment', '{}')).status).toBe(400);
  });

  it('answers 401 on /metrics without the bearer token, or with a wrong one', async () => {
    expect((await fetch(`${internalUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${internalUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${internalUrl}/metrics`, { headers: { authorization: METRICS_TOKEN } })).status).toBe(401);
    const scraped = await fetch(`${internalUrl}/metrics`, { headers: bearer });
    expect(await scraped.text()).toContain('webhook_unknown_path_total');
  });
});

describe('without INTERNAL_PORT (the default)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it.each(INTERNAL_PATHS)('the public port serves %s, as before', async (path) => {
    expect((await fetch(`${app.url}${path}`)).status).toBe(200);
  });
});
