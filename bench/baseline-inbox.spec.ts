import { type InboxRow, insertStatement, outcomes } from './baseline-inbox.js';

const row = (dedupeKey: string): InboxRow => ({
  eventType: 'payment.success',
  dedupeKey,
  reference: 'ORD-1',
  payload: '{}',
  requestId: 'r',
});

describe('the batched baseline inbox', () => {
  it('numbers five parameters per row, provider and source written in', () => {
    expect(insertStatement(2)).toBe(
      'INSERT INTO webhook_events (provider, event_type, dedupe_key, reference, payload, source, request_id) ' +
        "VALUES ('payment', $1, $2, $3, $4, 'webhook', $5), ('payment', $6, $7, $8, $9, 'webhook', $10) " +
        'ON CONFLICT (provider, dedupe_key) DO NOTHING',
    );
  });

  it('accepts each inserted row and leaves a key stored before to be looked up', () => {
    const inserted = new Map([
      ['id:a', 'uuid-a'],
      ['id:c', 'uuid-c'],
    ]);
    expect(outcomes([row('id:a'), row('id:b'), row('id:c')], inserted)).toEqual([
      { status: 'accepted', eventId: 'uuid-a' },
      undefined,
      { status: 'accepted', eventId: 'uuid-c' },
    ]);
  });

  it('answers a second row of the same key in one batch as a duplicate of the first', () => {
    expect(outcomes([row('id:a'), row('id:a')], new Map([['id:a', 'uuid-a']]))).toEqual([
      { status: 'accepted', eventId: 'uuid-a' },
      { status: 'duplicate', eventId: 'uuid-a' },
    ]);
  });
});
