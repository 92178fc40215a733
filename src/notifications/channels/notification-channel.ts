import type { NotificationChannel } from '../notification.entity.js';

/** A rendered notification on its way out. */
export interface OutgoingNotification {
  /** E-mail address or phone number; null for Slack (the webhook URL names the channel). */
  recipient: string | null;
  subject?: string;
  text: string;
}

export interface ChannelReceipt {
  /** The peer's HTTP status, for HTTP channels. */
  httpStatus?: number;
}

/** One way out (Slack, e-mail, SMS). Throws when the peer refused or did not answer, so the send is retried. */
export interface NotificationChannelSender {
  readonly channel: NotificationChannel;
  /** Who is called, as the audit trail names it. */
  readonly target: string;
  /** False when its settings are missing: its notifications are skipped, not failed. */
  readonly configured: boolean;
  send(message: OutgoingNotification): Promise<ChannelReceipt>;
}

/** Injection token of the list of every NotificationChannelSender. */
export const NOTIFICATION_CHANNEL_SENDERS = Symbol('NOTIFICATION_CHANNEL_SENDERS');
