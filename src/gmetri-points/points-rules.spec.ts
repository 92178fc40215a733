import { LedgerEntryStatus, TransferType } from './points-ledger-entry.entity.js';
import { confirmationRefusal, decideTransfer } from './points-rules.js';

describe('decideTransfer', () => {
  it('applies a credit whatever the balance', () => {
    expect(decideTransfer(0, TransferType.Credit, 500)).toEqual({ status: LedgerEntryStatus.Applied, amount: 500 });
  });

  it('applies a debit up to the whole balance, as a negative amount', () => {
    expect(decideTransfer(300, TransferType.Debit, 200)).toEqual({ status: LedgerEntryStatus.Applied, amount: -200 });
    expect(decideTransfer(300, TransferType.Debit, 300)).toEqual({ status: LedgerEntryStatus.Applied, amount: -300 });
  });

  it('refuses a debit beyond the balance, with zero effect and the reason', () => {
    expect(decideTransfer(300, TransferType.Debit, 301)).toEqual({
      status: LedgerEntryStatus.Refused,
      amount: 0,
      refusal: 'debit of 301 points exceeds the balance of 300',
    });
  });
});

describe('confirmationRefusal', () => {
  const entry = { transferId: 'TXN-1', userId: '12345', status: LedgerEntryStatus.Applied, confirmedAt: null };

  it('lets transfer.completed confirm an applied, unconfirmed transfer of the same user', () => {
    expect(confirmationRefusal(entry, '12345')).toBeUndefined();
  });

  it('says why it cannot confirm otherwise', () => {
    expect(confirmationRefusal(entry, '999')).toBe('transfer TXN-1 belongs to another user');
    expect(confirmationRefusal({ ...entry, status: LedgerEntryStatus.Refused }, '12345')).toBe(
      'transfer TXN-1 was refused; nothing to confirm',
    );
    expect(confirmationRefusal({ ...entry, confirmedAt: new Date() }, '12345')).toBe('transfer TXN-1 already confirmed');
  });
});
