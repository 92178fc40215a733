import { LedgerEntryStatus, type PointsLedgerEntry, TransferType } from './points-ledger-entry.entity.js';

export type TransferDecision =
  { status: LedgerEntryStatus.Applied; amount: number } | { status: LedgerEntryStatus.Refused; amount: 0; refusal: string };

/** What a transfer does to a balance: credits always apply; a debit never takes it below zero. */
export function decideTransfer(balance: number, type: TransferType, points: number): TransferDecision {
  if (type === TransferType.Credit) return { status: LedgerEntryStatus.Applied, amount: points };
  if (points <= balance) return { status: LedgerEntryStatus.Applied, amount: -points };
  return {
    status: LedgerEntryStatus.Refused,
    amount: 0,
    refusal: `debit of ${points} points exceeds the balance of ${balance}`,
  };
}

/** Why transfer.completed cannot confirm this entry, or undefined when it can. */
export function confirmationRefusal(
  entry: Pick<PointsLedgerEntry, 'transferId' | 'userId' | 'status' | 'confirmedAt'>,
  userId: string,
): string | undefined {
  if (entry.userId !== userId) return `transfer ${entry.transferId} belongs to another user`;
  if (entry.status === LedgerEntryStatus.Refused) return `transfer ${entry.transferId} was refused; nothing to confirm`;
  if (entry.confirmedAt) return `transfer ${entry.transferId} already confirmed`;
  return undefined;
}
