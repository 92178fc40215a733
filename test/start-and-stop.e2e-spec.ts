import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { AppProcess, BUILD_DIR } from './support/app-process.js';
import { freePort } from './support/free-port.js';
import { postWebhook } from './support/signing.js';
import { TEST_ADMIN_KEY, TestApp, testSecret } from './support/test-app.js';
import { TestDatabase } from './support/test-database.js';
import { waitFor } from './support/wait-for.js';

/**
 * The service as an operator starts and stops it (`node src/main.js` of the build, or `npm start`),
 * in an OS process of its own: what it says when it starts, serves, cannot start and stops.
 */
describe('start and stop of the service process', () => {
  let app: TestApp;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    app = await TestApp.start({ env: { APP_ROLE: 'api' } });
  });

  afterAll(async () => {
    for (const started of processes) await started.kill();
    await app?.stop();
  });

  const launch = async (env: Record<string, string>, command?: { file: string; args: string[]; cwd: string }) => {
    const launched = await AppProcess.launch(app, env, command);
    processes.push(launched);
    return launched;
  };
  const started = async (launched: AppProcess) => {
    await waitFor(
      async () => {
        if (!launched.running) throw new Error(`exited: ${launched.log}`);
        return /listening on|worker started/.test(launched.log);
      },
      { timeoutMs: 30_000, what: 'the service started' },
    );
    return launched;
  };
  const jsonLines = (log: string) =>
    log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const killIfRunning = (pid: number) => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  };
  const accepts = (port: number) =>
    new Promise<boolean>((done) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.once('listening', () => socket.close(() => done(false)));
      socket.once('error', () => done(true));
    });

  it('stops when `npm start` is stopped by its PID: the signal reaches the service, which logs the stop', async () => {
    // `npm start` as package.json has it, with the build already made by the test (its build step stubbed).
    const dir = mkdtempSync(join(tmpdir(), 'npm-start-'));
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'npm-start-test', private: true, scripts: { build: 'true', start: scripts.start } }),
    );
    for (const [link, target] of [
      ['dist', BUILD_DIR],
      ['node_modules', 'node_modules'],
      ['config', 'config'],
    ])
      symlinkSync(resolve(target), join(dir, link));
    const port = await freePort();
    const npm = await started(
      await launch({ PORT: String(port), APP_ROLE: 'api' }, { file: 'npm', args: ['start', '--silent'], cwd: dir }),
    );
    const servicePid = Number(jsonLines(npm.log).find((line) => line.pid)?.pid);
    try {
      expect(await accepts(port)).toBe(true);
      npm.signal('SIGTERM');
      await npm.exited;
      await waitFor(async () => !(await accepts(port)), { what: `nothing listening on port ${port}`, timeoutMs: 10_000 });
      const messages = jsonLines(npm.log).map((line) => line.msg);
      expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^SIGTERM received: stopping/), 'stopped']));
    } finally {
      // Left running only if the signal did not reach it.
      if (servicePid) killIfRunning(servicePid);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('says in one line that PORT is in use when another process listens there', async () => {
    const port = await freePort();
    const other: Server = createServer();
    await new Promise<void>((listening) => other.listen(port, listening));
    try {
      const second = await launch({ PORT: String(port), APP_ROLE: 'api' });
      expect(await second.exited).toEqual({ code: 1, signal: null });
      const lines = second.log.trim().split('\n');
      expect(lines).toEqual([`PORT ${port} is in use: another process listens on it (stop it, or set PORT to a free port)`]);
    } finally {
      await new Promise((closed) => other.close(closed));
    }
  });

  it('stops, naming the setting and never the value, on a weak webhook secret and on the retired TRUST_PROXY_HOPS', async () => {
    const weak = await launch({ WEBHOOK_SECRET_PAYMENT: 'weak-secret-zq9' });
    expect(await weak.exited).toEqual({ code: 1, signal: null });
    expect(weak.log).toContain('WEBHOOK_SECRET_PAYMENT: the secret is shorter than 32 characters');
    expect(weak.log).not.toContain('weak-secret-zq9');

    const retired = await launch({ TRUST_PROXY_HOPS: '1' });
    expect(await retired.exited).toEqual({ code: 1, signal: null });
    expect(retired.log).toContain('TRUST_PROXY_HOPS is retired: list the addresses or CIDRs of your reverse proxies in TRUSTED_PROXIES');
  });

  it('names DATABASE_URL, never its password, in one line when the database cannot be used', async () => {
    const unused = await freePort();
    const refused = await launch({ DATABASE_URL: `postgres://app:db-password-1@127.0.0.1:${unused}/hooks` });
    expect(await refused.exited).toEqual({ code: 1, signal: null });
    expect(refused.log.trim()).toBe(
      `cannot use the database at DATABASE_URL=postgres://app:***@127.0.0.1:${unused}/hooks: connect ECONNREFUSED 127.0.0.1:${unused}`,
    );

    const server = new URL(app.db.url);
    server.username = 'no_such_role';
    server.password = 'db-password-2';
    const unknownRole = await launch({ DATABASE_URL: server.toString() });
    expect(await unknownRole.exited).toEqual({ code: 1, signal: null });
    const lines = unknownRole.log.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^cannot use the database at DATABASE_URL=postgres:\/\/no_such_role:\*\*\*@127\.0\.0\.1:\d+\/webhooks_test_\w+: /,
    );
    expect(lines[0]).not.toContain('db-password-2');
  });

  it('starts without Redis and says so in one line naming REDIS_URL, without its password', async () => {
    const unused = await freePort();
    const noRedis = await started(
      await launch({ REDIS_URL: `redis://:redis-password-1@127.0.0.1:${unused}`, PORT: String(await freePort()), APP_ROLE: 'api' }),
    );
    const warning = await waitFor(async () => jsonLines(noRedis.log).find((line) => String(line.msg).startsWith('Redis')), {
      what: 'the Redis warning',
    });
    expect(warning).toMatchObject({
      level: 40,
      msg: `Redis at REDIS_URL=redis://:***@127.0.0.1:${unused} does not answer (connect ECONNREFUSED 127.0.0.1:${unused}): webhooks are still stored, and queued once it answers`,
    });
    expect(noRedis.log).not.toContain('redis-password-1');
  });

  it('logs migrations, requests and events as short lines of the one logger, and the stop', async () => {
    const db = await TestDatabase.create();
    try {
      const port = await freePort();
      const service = await started(
        await launch({
          NODE_ENV: 'production',
          DATABASE_URL: db.url,
          QUEUE_PREFIX: `test-logs-${port}`,
          PORT: String(port),
          APP_ROLE: 'all',
          // The tests' sweepers look every 200 ms at rows of any age: one that found the event's notification
          // between its commit and its job, on a loaded machine, logged between the SIGTERM line and the last.
          SWEEPER_MIN_AGE_MS: '60000',
        }),
      );
      const url = `http://127.0.0.1:${port}`;
      const orderId = `ORD-LOGS-${port}`;
      const headers = { 'x-api-key': TEST_ADMIN_KEY, 'content-type': 'application/json' };
      await fetch(`${url}/api/v2/orders`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ id: orderId, amount: 2499, currency: 'INR', kind: 'physical', customer: { email: 'a@example.com' } }),
      });
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      expect((await fetch(`${url}/api/v2/orders/ORD-NONE`, { headers })).status).toBe(404);
      const event = await postWebhook(
        url,
        'payment',
        { ...PAYMENT_EXAMPLES['payment.success'], order_id: orderId },
        { secret: testSecret('payment') },
      );
      const eventId = event.body.eventId as string;
      await waitFor(async () => service.log.includes(`event ${eventId}: applied`), { what: 'the event applied' });
      // The payment's e-mail is the last work the event starts: a stop before its job ran would log it after the SIGTERM line.
      await waitFor(async () => service.log.includes('(payment.confirmed) skipped: email is not configured'), {
        what: "the payment's notification handled",
      });
      service.signal('SIGTERM');
      expect(await service.exited).toEqual({ code: 0, signal: null });

      const lines = jsonLines(service.log);
      // Every line is the logger's JSON; no colour codes, no Nest route boilerplate.
      expect(service.log.split('\n').filter(Boolean)).toHaveLength(lines.length);
      expect(service.log).not.toContain('\u001b[');
      expect(lines.filter((line) => ['RoutesResolver', 'RouterExplorer', 'InstanceLoader'].includes(line.context as string))).toEqual([]);
      expect(lines).toEqual(
        expect.arrayContaining([expect.objectContaining({ context: 'Database', msg: expect.stringMatching(/^applied migration /) })]),
      );
      expect(lines.find((line) => String(line.msg).startsWith('listening on'))?.msg).toBe(
        `listening on http://0.0.0.0:${port} (all interfaces, APP_ROLE=all); Swagger UI at http://localhost:${port}/docs`,
      );

      const requests = lines.filter((line) => /^(GET|POST) \//.test(String(line.msg)));
      expect(requests.map((line) => [line.level, String(line.msg).replace(/ \d+ ms$/, ' ~ ms')])).toEqual([
        [30, 'POST /api/v2/orders 201 ~ ms'],
        [40, 'GET /api/v2/orders/ORD-NONE 404 ~ ms'],
        [30, 'POST /api/v2/webhook/payment 200 ~ ms'],
      ]);
      for (const line of requests) {
        expect(line.reqId).toEqual(expect.any(String));
        expect(JSON.stringify(line).length).toBeLessThan(250);
      }
      const applied = lines.find((line) => String(line.msg).includes(eventId));
      expect(applied).toMatchObject({
        level: 30,
        context: 'WebhookDispatcherService',
        msg: `payment/payment.success event ${eventId}: applied (payment pending → paid)`,
      });
      expect(lines.find((line) => String(line.msg).includes('(payment.confirmed)'))).toMatchObject({
        level: 40,
        context: 'NotificationDeliveryService',
        msg: expect.stringMatching(/^notification [0-9a-f-]{36} \(payment\.confirmed\) skipped: email is not configured$/),
      });
      expect(lines.slice(-2).map((line) => line.msg)).toEqual([expect.stringMatching(/^SIGTERM received: stopping/), 'stopped']);
    } finally {
      await db.drop();
    }
  });
});
