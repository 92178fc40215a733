import { FakeHttpPeer } from '../../../test/support/fake-http-peer.js';
import { freePort } from '../../../test/support/free-port.js';
import { channelConfig } from './channel-test-config.js';
import { ChannelRequestError } from './channel-request.error.js';
import { SlackChannel } from './slack.channel.js';

describe('SlackChannel (against a local HTTP server)', () => {
  let slack: FakeHttpPeer;

  beforeAll(async () => {
    slack = await FakeHttpPeer.start();
  });

  afterAll(() => slack.stop());

  const channel = (webhookUrl?: string) => new SlackChannel(channelConfig({ slack: { webhookUrl } }));

  it('is configured only with SLACK_WEBHOOK_URL', () => {
    expect(channel().configured).toBe(false);
    expect(channel(slack.url).configured).toBe(true);
  });

  it('posts {text} as JSON to the incoming webhook', async () => {
    const receipt = await channel(`${slack.url}/services/T1/B2/token`).send({ recipient: null, text: 'balance low' });

    expect(receipt).toEqual({ httpStatus: 200 });
    const [request] = slack.requests.slice(-1);
    expect(request).toMatchObject({ method: 'POST', path: '/services/T1/B2/token', body: { text: 'balance low' } });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('fails on a non-2xx answer, with the status and without the URL in the message', async () => {
    slack.answerNext(500);
    const sending = channel(`${slack.url}/services/secret-token`).send({ recipient: null, text: 'x' });

    await expect(sending).rejects.toEqual(new ChannelRequestError('slack answered 500', 500));
    await expect(sending).rejects.toMatchObject({ httpStatus: 500 });
  });

  it('fails when nothing listens', async () => {
    const sending = channel(`http://127.0.0.1:${await freePort()}/hook`).send({ recipient: null, text: 'x' });
    await expect(sending).rejects.toThrow('slack did not answer: ECONNREFUSED');
  });
});
