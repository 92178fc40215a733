import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { NotificationChannel } from '../notification.entity.js';
import type { ChannelReceipt, NotificationChannelSender, OutgoingNotification } from './notification-channel.js';
import { postJson } from './post-json.js';

/** Ops alerts through a Slack incoming webhook (SLACK_WEBHOOK_URL): POST {"text": …}. */
@Injectable()
export class SlackChannel implements NotificationChannelSender {
  readonly channel = NotificationChannel.Slack;
  readonly target = 'slack';

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.notifications.slack.webhookUrl);
  }

  send(message: OutgoingNotification): Promise<ChannelReceipt> {
    return postJson(
      this.target,
      this.config.notifications.slack.webhookUrl!,
      { text: message.text },
      {
        timeoutMs: this.config.notifications.sendTimeoutMs,
      },
    );
  }
}
