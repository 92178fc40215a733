import { AppProcess } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { TEST_ADMIN_KEY, TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/**
 * The service as production runs it (NODE_ENV=production logs every request's
 * completion line), fed credentials in query strings: none may reach its log
 * or its audit rows.
 */
describe('fault: credentials in query strings', () => {
  let app: TestApp;
  let appProcess: AppProcess | undefined;

  beforeAll(async () => {
    app = await TestApp.start({ env: { APP_ROLE: 'api' } });
  });

  afterAll(async () => {
    await appProcess?.kill();
    await app?.stop();
  });

  it('never writes an admin key, token or signature sent in the query string to a log line or an audit row', async () => {
    const port = await freePort();
    appProcess = await AppProcess.start(app, { NODE_ENV: 'production', APP_ROLE: 'api', PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    const secrets = [TEST_ADMIN_KEY, 'query-token-0123456789abcdef', 'query-signature-0123456789abcdef'];
    const query = `?key=${secrets[0]}&token=${secrets[1]}&signature=${secrets[2]}&page=2`;

    expect((await fetch(`${url}/api/v2/admin/audit${query}`)).status).toBe(401);
    const webhook = await fetch(`${url}/api/v2/webhook/payment${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'query-secrets-1' },
      body: '{}',
    });
    expect(webhook.status).toBe(401);

    const started = appProcess;
    await waitFor(async () => started.log.includes('/api/v2/webhook/payment?'), { what: 'the request log lines' });
    const row = await waitFor(
      async () => (await app.db.query('SELECT * FROM external_api_logs WHERE request_id = $1', ['query-secrets-1']))[0],
      { what: 'the audit row' },
    );
    expect(started.log).toContain('/api/v2/admin/audit?key=[redacted]&token=[redacted]&signature=[redacted]&page=2 401');
    for (const secret of secrets) {
      expect(started.log).not.toContain(secret);
      expect(JSON.stringify(row)).not.toContain(secret);
    }
  });
});
