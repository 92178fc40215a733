import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { NotificationChannel } from '../notification.entity.js';
import type { ChannelReceipt, NotificationChannelSender, OutgoingNotification } from './notification-channel.js';
import { postJson } from './post-json.js';

/**
 * SMS through an HTTP gateway: POST SMS_GATEWAY_URL with {"to", "text"} and,
 * when SMS_API_KEY is set, `Authorization: Bearer <SMS_API_KEY>`.
 */
@Injectable()
export class SmsChannel implements NotificationChannelSender {
  readonly channel = NotificationChannel.Sms;
  readonly target = 'sms';

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.notifications.sms.gatewayUrl);
  }

  send(message: OutgoingNotification): Promise<ChannelReceipt> {
    const { gatewayUrl, apiKey } = this.config.notifications.sms;
    return postJson(
      this.target,
      gatewayUrl!,
      { to: message.recipient, text: message.text },
      {
        timeoutMs: this.config.notifications.sendTimeoutMs,
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      },
    );
  }
}
