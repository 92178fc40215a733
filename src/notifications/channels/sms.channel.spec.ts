import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeHttpPeer } from '../../../test/support/fake-http-peer.js';
import { channelConfig } from './channel-test-config.js';
import { SmsChannel } from './sms.channel.js';

describe('SmsChannel (against a local HTTP server)', () => {
  let gateway: FakeHttpPeer;

  beforeAll(async () => {
    gateway = await FakeHttpPeer.start();
  });

  afterAll(() => gateway.stop());

  const channel = (sms: { gatewayUrl?: string; apiKey?: string }, sendTimeoutMs = 2000) =>
    new SmsChannel(channelConfig({ sms, sendTimeoutMs }));

  it('is configured only with SMS_GATEWAY_URL', () => {
    expect(channel({ apiKey: 'k' }).configured).toBe(false);
    expect(channel({ gatewayUrl: gateway.url }).configured).toBe(true);
  });

  it('posts {to, text} as JSON with the API key as a bearer token', async () => {
    await channel({ gatewayUrl: `${gateway.url}/v1/messages`, apiKey: 'sms-key-123' }).send({
      recipient: '+919876543210',
      text: 'Shipped',
    });

    const [request] = gateway.requests.slice(-1);
    expect(request).toMatchObject({ method: 'POST', path: '/v1/messages', body: { to: '+919876543210', text: 'Shipped' } });
    expect(request.headers.authorization).toBe('Bearer sms-key-123');
  });

  it('sends no Authorization header without a key', async () => {
    await channel({ gatewayUrl: gateway.url }).send({ recipient: '+911234567890', text: 'Hi' });
    expect(gateway.requests.slice(-1)[0].headers.authorization).toBeUndefined();
  });

  it('fails when the gateway does not answer within NOTIFICATION_SEND_TIMEOUT_MS', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await expect(channel({ gatewayUrl: url }, 200).send({ recipient: '+911234567890', text: 'Hi' })).rejects.toThrow(
        'sms did not answer: timed out',
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('fails on a 4xx answer', async () => {
    gateway.answerNext(401);
    await expect(channel({ gatewayUrl: gateway.url }).send({ recipient: '+911234567890', text: 'Hi' })).rejects.toMatchObject({
      message: 'sms answered 401',
      httpStatus: 401,
    });
  });
});
