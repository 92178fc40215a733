import type { RenderedMessage } from '../notifications/notification-templates.registry.js';

export interface DebitRefusedAlert {
  userId: string;
  transferId: string;
  points: number;
  balance: number;
  refusal: string;
}

/** Slack text of the points.debit_refused ops alert. */
export function renderDebitRefused(payload: Record<string, unknown>): RenderedMessage {
  const alert = payload as unknown as DebitRefusedAlert;
  return {
    text:
      `:no_entry: Points debit refused for user ${alert.userId}: transfer ${alert.transferId} asked for ` +
      `${alert.points} points with a balance of ${alert.balance}. The ledger records it with no effect; ` +
      'check with the loyalty platform why it sent it.',
  };
}
