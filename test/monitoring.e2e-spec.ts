import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { RAZORPAY_EXAMPLES } from '../src/razorpay/razorpay-events.js';
import { ReconciliationService } from '../src/reconciliation/reconciliation.service.js';
import { WEBHOOK_EVENTS_QUEUE } from '../src/webhooks/processing/webhook-queue.js';
import { FakeSmtpServer } from './support/fake-smtp-server.js';
import { FakeStatusApi } from './support/fake-status-api.js';
import { freePort } from './support/free-port.js';
import { LocalPrometheus } from './support/local-prometheus.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const read = (...path: string[]) => readFileSync(join(process.cwd(), ...path), 'utf8');

/** Every query of every panel of the Grafana dashboard, with Grafana's variables as the dashboard's defaults would fill them. */
function dashboardQueries(): Array<{ panel: string; expr: string }> {
  const dashboard = JSON.parse(read('deploy', 'grafana', 'webhooks.json')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  };
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      panel: panel.title,
      expr: target.expr.replaceAll('$__rate_interval', '1m').replaceAll('$provider', '.*'),
    })),
  );
}

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/**
 * The vector selectors of a PromQL expression (`metric{matchers}`): what it reads. Grouping
 * clauses (by, on, …) and ranges are dropped first, so their label names and durations are not
 * taken for metrics; a name followed by `(` is a function or an aggregation.
 */
function selectorsOf(expr: string): string[] {
  const bare = expr.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  const selectors = new Set<string>();
  for (const match of bare.matchAll(/([a-zA-Z_:][\w:]*)?\s*(\{[^}]*\})?(\s*\()?/g)) {
    const [, name, matchers, call] = match;
    if (!name || call || PROMQL_WORDS.has(name.toLowerCase())) continue;
    selectors.add(`${name}${matchers ?? ''}`);
  }
  return [...selectors];
}

const paymentSuccess = (orderId: string) => ({ ...PAYMENT_EXAMPLES['payment.success'], order_id: orderId, payment_id: `pay_${orderId}` });

describe('monitoring: a real Prometheus scrapes an api and a worker replica; every dashboard and alert query finds data', () => {
  let gateway: FakeStatusApi;
  let smtp: FakeSmtpServer;
  let api: TestApp;
  let worker: TestApp;
  let prometheus: LocalPrometheus;
  const captured = new Set<string>();

  beforeAll(async () => {
    [gateway, smtp] = await Promise.all([FakeStatusApi.start(), FakeSmtpServer.start()]);
    gateway.answerWith((path) => {
      const orderId = new URLSearchParams(path.split('?')[1]).get('order_id') ?? '';
      if (!captured.has(orderId)) return { status: 404, body: { error: 'no such order' } };
      const { payment_id, amount, currency, method, timestamp } = PAYMENT_EXAMPLES['payment.success'] as Record<string, unknown>;
      return {
        status: 200,
        body: { payments: [{ payment_id, order_id: orderId, status: 'captured', amount, currency, method, timestamp }] },
      };
    });
    const env = {
      SMTP_URL: smtp.url,
      // Nothing listens there: every ops alert to Slack fails, so the failure series exist.
      SLACK_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/services/T000/B000/test-token`,
      PAYMENT_GATEWAY_API_URL: gateway.url,
      PAYMENT_GATEWAY_API_KEY: 'gateway-test-key',
      RECONCILIATION_MIN_AGE_MS: '0',
      PROVIDER_API_TIMEOUT_MS: '300',
      PROVIDER_API_RETRIES: '1',
    };
    api = await TestApp.start({ env: { ...env, APP_ROLE: 'api' } });
    worker = await TestApp.start({ database: api.db, queuePrefix: api.config.redis.queuePrefix, env: { ...env, APP_ROLE: 'worker' } });
    prometheus = await LocalPrometheus.start({ api: new URL(api.url).host, worker: new URL(worker.url).host });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await worker?.stop();
    await api?.stop();
    await Promise.all([gateway?.stop(), smtp?.stop()]);
  });

  it('reports how long the oldest waiting job has been due, from Bull, while no worker takes it', async () => {
    // Paused on the worker only (a local pause): the api still queues into the shared Redis.
    const bull = worker.app.get<Queue>(getQueueToken(WEBHOOK_EVENTS_QUEUE), { strict: false });
    await bull.pause(true);
    try {
      // One event: its job is at the head of the wait list, which the sweeper (every 200 ms here) must see as alive.
      const order = await api.createOrder();
      expect((await api.post('payment', paymentSuccess(order.id as string))).body.status).toBe('accepted');
      const age = await waitFor(
        async () => {
          const text = await (await fetch(`${api.url}/metrics`)).text();
          const seconds = Number(/^queue_oldest_waiting_seconds\{queue="webhook-events"\} (\S+)$/m.exec(text)?.[1]);
          return seconds >= 1 ? seconds : undefined;
        },
        { what: 'the waiting job a second old' },
      );
      expect(age).toBeLessThan(60);
    } finally {
      await bull.resume(true);
    }
  });

  it('answers every dashboard panel query and reads every metric the alert rules select, after traffic of every kind', async () => {
    // Accepted and applied (a customer e-mail sent), refused (a bad signature), ignored, dead-lettered
    // (no such order: the Slack alert about it fails), recovered by reconciliation.
    const paid = await api.createOrder();
    const applied = await api.post('payment', paymentSuccess(paid.id as string));
    expect(applied.body.status).toBe('accepted');
    expect((await api.post('payment', paymentSuccess('ORD-MONITORING'), { secret: 'not-the-secret-not-the-secret-0123' })).status).toBe(
      401,
    );
    expect((await api.postSigned('razorpay', 'razorpay', RAZORPAY_EXAMPLES['payment.authorized (ignored)'])).body.status).toBe('ignored');
    const dead = await api.post('payment', paymentSuccess('ORD-NO-SUCH-ORDER'));
    expect((await api.settled(applied.body.eventId as string)).status).toBe('processed');
    expect((await api.settled(dead.body.eventId as string)).status).toBe('dead');
    const missed = await api.createOrder();
    captured.add(missed.id as string);
    expect(await worker.app.get(ReconciliationService).run()).toMatchObject({ recovered: 1 });
    await smtp.waitForMessages(() => true);
    await waitFor(async () => (await api.db.query("SELECT 1 FROM notifications WHERE channel = 'slack' AND attempts > 0")).length > 0, {
      what: 'a failed Slack try',
    });

    const alertRules = await prometheus.alertingRules();
    expect(alertRules.map((rule) => rule.name)).toEqual(
      [...read('deploy', 'prometheus', 'alerts.yml').matchAll(/- alert: (\S+)/g)].map((m) => m[1]),
    );
    // A rule's expression ends in its threshold, so as written it returns nothing while all is well
    // (here too). What must hold is that it reads series that exist: each selector it uses
    // (a metric with its label matchers, e.g. webhook_events_processed_total{outcome="dead"}) is
    // queried alone and must find some, which a renamed metric or label value would not.
    const queries = [
      ...dashboardQueries().map(({ panel, expr }) => ({ what: `panel "${panel}"`, expr })),
      ...alertRules.flatMap((rule) => {
        const selectors = selectorsOf(rule.query);
        expect(selectors.length).toBeGreaterThan(0);
        return selectors.map((expr) => ({ what: `alert ${rule.name}`, expr }));
      }),
    ];
    // Rates need two scrapes (1 s apart) after the traffic: wait until all have data, then name any that has none.
    let empty: string[] = [];
    await waitFor(
      async () => {
        const answers = await Promise.all(queries.map(async (query) => ({ ...query, series: await prometheus.query(query.expr) })));
        empty = answers.filter((answer) => answer.series.length === 0).map((answer) => `${answer.what}: ${answer.expr}`);
        return empty.length === 0;
      },
      { timeoutMs: 30_000, intervalMs: 1000, what: 'every query to find series' },
    ).catch(() => undefined);
    expect(empty).toEqual([]);
  });

  it('scrapes both replicas, both ready', async () => {
    const byJob = async (expr: string) => Object.fromEntries((await prometheus.query(expr)).map((s) => [s.metric.job, s.value[1]]));
    const both = { 'webhooks-api': '1', 'webhooks-worker': '1' };
    let seen = {};
    // A 1 s interval is also the scrape timeout: on a loaded machine a scrape may miss it (up 0 and
    // health_ready stale for a moment) and the next one not; so the last answer of a few seconds counts.
    await waitFor(
      async () => {
        seen = { up: await byJob('up'), health_ready: await byJob('health_ready') };
        return JSON.stringify(seen) === JSON.stringify({ up: both, health_ready: both });
      },
      { what: 'both replicas up and ready' },
    ).catch(() => undefined);
    expect(seen).toEqual({ up: both, health_ready: both });
  });

  it("passes the Dockerfile's HEALTHCHECK on the api and the worker, and fails it where nothing answers", async () => {
    const [, json] = /^HEALTHCHECK .*\\\n\s*CMD (\[.*\])$/m.exec(read('Dockerfile')) ?? [];
    const [command, ...args] = JSON.parse(json) as string[];
    expect(command).toBe('node');
    const check = (env: Record<string, string>) =>
      promisify(execFile)(process.execPath, args, { env: { PATH: process.env.PATH, ...env } }).then(
        () => 0,
        (error: { code: number }) => error.code,
      );
    expect(await check({ APP_ROLE: 'api', PORT: new URL(api.url).port })).toBe(0);
    expect(await check({ APP_ROLE: 'worker', PORT: new URL(worker.url).port, INTERNAL_PORT: String(await freePort()) })).toBe(0);
    expect(await check({ APP_ROLE: 'api', PORT: new URL(api.url).port, INTERNAL_PORT: String(await freePort()) })).toBe(1);
  });
});
