import { connect } from 'node:net';
import { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import { paymentSuccessFor } from './fault-fixtures.js';
import { requestHead } from './raw-http.js';

/**
 * Shutdown must lose nothing: a webhook still arriving when the stop begins
 * is answered (the HTTP server waits for it), and its audit row is stored
 * before the database pool closes.
 */
describe('fault: shutdown order', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app?.db.drop();
  });

  it('stores the audit row of a request still finishing when the stop began', async () => {
    const body = Buffer.from(JSON.stringify(paymentSuccessFor('ORD-SHUTDOWN')));
    const { hostname, port } = new URL(app.url);
    const socket = connect(Number(port), hostname);
    const answered = new Promise<string>((resolve) => {
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('close', () => resolve(answer));
    });
    // Half the body now: the request is in hand (its body being read) when the stop begins.
    socket.write(
      requestHead(
        '/api/v2/webhook/payment',
        ['Content-Type: application/json', `X-Webhook-Signature: sha256=${'0'.repeat(64)}`, 'X-Request-Id: in-flight-at-stop'],
        body.length,
      ),
    );
    socket.write(body.subarray(0, 10));
    await waitFor(async () => (await fetch(`${app.url}/health/live`)).ok, { what: 'the app answering' });

    const closed = app.app.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.end(body.subarray(10));
    expect(await answered).toMatch(/^HTTP\/1\.1 401/);
    await closed;

    const rows = await app.db.query('SELECT outcome FROM external_api_logs WHERE request_id = $1', ['in-flight-at-stop']);
    expect(rows).toEqual([{ outcome: 'rejected_signature' }]);
  });
});
