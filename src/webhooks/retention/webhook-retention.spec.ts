import { DEDUPE_KEY_DAYS, emptiesPayloadsFirst, latestPurgeableReceipt, retentionAges } from './webhook-retention.js';

describe('retentionAges', () => {
  it('deletes rows at the retention age when it is at least the dedupe window: the payload goes with its row', () => {
    expect(retentionAges(90)).toEqual({ payloadDays: 90, rowDays: 90 });
    expect(retentionAges(DEDUPE_KEY_DAYS)).toEqual({ payloadDays: 30, rowDays: 30 });
    expect(emptiesPayloadsFirst(retentionAges(90))).toBe(false);
    expect(emptiesPayloadsFirst(retentionAges(30))).toBe(false);
  });

  it('keeps the rows (their dedupe keys) 30 days under a shorter retention, emptying the payload at the retention age', () => {
    expect(retentionAges(7)).toEqual({ payloadDays: 7, rowDays: 30 });
    expect(retentionAges(1)).toEqual({ payloadDays: 1, rowDays: 30 });
    expect(retentionAges(29)).toEqual({ payloadDays: 29, rowDays: 30 });
    expect(emptiesPayloadsFirst(retentionAges(7))).toBe(true);
  });

  it('keeps dedupe keys past the longest provider retry window (Stripe: three days)', () => {
    expect(DEDUPE_KEY_DAYS).toBeGreaterThan(3);
  });
});

describe('latestPurgeableReceipt', () => {
  it('lets an operator purge dead events received 30 days ago or earlier, not later', () => {
    const now = Date.parse('2026-03-31T12:00:00Z');
    expect(new Date(latestPurgeableReceipt(now)).toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });
});
