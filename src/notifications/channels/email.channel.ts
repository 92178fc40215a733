import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config.js';
import { NotificationChannel } from '../notification.entity.js';
import type { ChannelReceipt, NotificationChannelSender, OutgoingNotification } from './notification-channel.js';

/** E-mail over SMTP (nodemailer) to SMTP_URL, from SMTP_FROM. */
@Injectable()
export class EmailChannel implements NotificationChannelSender, OnModuleDestroy {
  readonly channel = NotificationChannel.Email;
  readonly target = 'smtp';
  private transport?: Transporter;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.notifications.email.smtpUrl);
  }

  async send(message: OutgoingNotification): Promise<ChannelReceipt> {
    if (!message.recipient) throw new Error('an e-mail needs a recipient');
    // Resolves only once the server accepted the message; a refusal (4xx/5xx reply) rejects.
    await this.smtp().sendMail({
      from: this.config.notifications.email.from,
      to: message.recipient,
      subject: message.subject ?? '',
      text: message.text,
    });
    return {};
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private smtp(): Transporter {
    const timeoutMs = this.config.notifications.sendTimeoutMs;
    this.transport ??= createTransport({
      url: this.config.notifications.email.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    return this.transport;
  }
}
