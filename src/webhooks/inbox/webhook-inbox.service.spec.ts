import { jest } from '@jest/globals';
import type { MetricsService } from '../../metrics/metrics.service.js';
import { WebhookHandlerRegistry } from '../webhook-handler.registry.js';
import { WebhookEventStatus } from './webhook-event.entity.js';
import { type InboxEntry, type InboxReceipt, storableDedupeKey, WebhookInboxService } from './webhook-inbox.service.js';
import type { InboxWrite, WebhookInboxWriter } from './webhook-inbox.writer.js';

const entry = { provider: 'payment', eventType: 'payment.success', dedupeKey: 'k', payload: {}, bodySha256: 'a'.repeat(64) };

/** The inbox over a writer that answers every write with `written`, counting its receipts and alerts. */
function inboxWriting(written: InboxWrite) {
  const write = jest.fn(async () => written);
  const received = jest.fn();
  const registry = new WebhookHandlerRegistry();
  const notified = jest.spyOn(registry, 'notifyConflict').mockResolvedValue(undefined);
  const inbox = new WebhookInboxService(
    { write } as unknown as WebhookInboxWriter,
    { webhookReceived: received } as unknown as MetricsService,
    registry,
  );
  return { inbox, write, received, notified };
}

const match = (conflict: boolean) => ({ id: 'stored-id', eventType: 'payment.success', reference: 'ORD-1', conflict, conflicts: 2 });

describe('WebhookInboxService', () => {
  it.each<[InboxWrite, Partial<InboxEntry>, InboxReceipt]>([
    [{ stored: 'new', id: 'new-id' }, {}, { status: 'accepted', eventId: 'new-id' }],
    [{ stored: 'new', id: 'new-id' }, { ignored: true }, { status: 'ignored', eventId: 'new-id' }],
    [{ stored: 'copy', match: match(false) }, {}, { status: 'duplicate', eventId: 'stored-id' }],
  ])('answers a write of %p (entry %p) with %p, and counts it', async (written, extra, receipt) => {
    const { inbox, write, received, notified } = inboxWriting(written);
    await expect(inbox.accept({ ...entry, ...extra })).resolves.toEqual(receipt);
    expect(write).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'ignored' in extra ? WebhookEventStatus.Ignored : WebhookEventStatus.Pending }),
    );
    expect(received).toHaveBeenCalledWith('payment', 'payment.success', receipt.status);
    expect(notified).not.toHaveBeenCalled();
  });

  it('answers a copy with another body `conflict`, and alerts it with the stored event', async () => {
    const { inbox, received, notified } = inboxWriting({ stored: 'copy', match: match(true) });
    await expect(inbox.accept(entry)).resolves.toEqual({ status: 'conflict', eventId: 'stored-id' });
    expect(received).toHaveBeenCalledWith('payment', 'payment.success', 'conflict');
    expect(notified).toHaveBeenCalledWith({
      eventId: 'stored-id',
      provider: 'payment',
      eventType: 'payment.success',
      reference: 'ORD-1',
      conflicts: 2,
    });
  });

  it('writes a dedupe key too long for its column as its hash', async () => {
    const { inbox, write } = inboxWriting({ stored: 'new', id: 'new-id' });
    await inbox.accept({ ...entry, dedupeKey: 'y'.repeat(301) });
    expect(write).toHaveBeenCalledWith(expect.objectContaining({ dedupeKey: storableDedupeKey('y'.repeat(301)) }));
  });
});

describe('storableDedupeKey', () => {
  it('keeps a key that fits its column and hashes a longer one, the same way every time', () => {
    expect(storableDedupeKey('x'.repeat(300))).toBe('x'.repeat(300));
    const long = storableDedupeKey('y'.repeat(301));
    expect(long).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(storableDedupeKey('y'.repeat(301))).toBe(long);
    expect(storableDedupeKey('z'.repeat(301))).not.toBe(long);
  });
});
