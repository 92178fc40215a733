import { FakeSmtpServer } from '../../../test/support/fake-smtp-server.js';
import { channelConfig } from './channel-test-config.js';
import { EmailChannel } from './email.channel.js';

describe('EmailChannel (against a local SMTP server)', () => {
  let smtp: FakeSmtpServer;
  let channel: EmailChannel;

  beforeAll(async () => {
    smtp = await FakeSmtpServer.start();
    channel = new EmailChannel(channelConfig({ email: { smtpUrl: smtp.url, from: 'Shop <orders@shop.example>' } }));
  });

  afterAll(async () => {
    channel.onModuleDestroy();
    await smtp.stop();
  });

  it('is configured only with SMTP_URL', () => {
    expect(new EmailChannel(channelConfig()).configured).toBe(false);
    expect(channel.configured).toBe(true);
  });

  it('delivers the message from SMTP_FROM to the recipient', async () => {
    const text = 'We have received your payment of INR 2499.00 for order ORD-1. Thank you, and a line long enough to be wrapped.';
    await channel.send({ recipient: 'john.doe@example.com', subject: 'Payment received for order ORD-1', text });

    const [mail] = await smtp.waitForMessages((m) => m.to.includes('john.doe@example.com'));
    expect(mail).toMatchObject({ from: 'orders@shop.example', subject: 'Payment received for order ORD-1', text });
  });

  it('fails when the server refuses the recipient', async () => {
    smtp.refuse('gone@example.com');
    await expect(channel.send({ recipient: 'gone@example.com', subject: 's', text: 't' })).rejects.toThrow(/550/);
  });
});
