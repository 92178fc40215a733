import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { MetricsService } from '../metrics/metrics.service.js';
import { AuditLogWriter, MAX_PENDING } from './audit-log.writer.js';
import type { AuditRow, ExternalApiLogsRepository } from './external-api-logs.repository.js';
import { AuditDirection } from './external-api-log.entity.js';

const row = (outcome: AuditRow['outcome'], requestId: string): AuditRow => ({
  direction: AuditDirection.Inbound,
  provider: 'payment',
  eventType: null,
  outcome,
  httpStatus: outcome === 'accepted' ? 200 : 401,
  latencyMs: 1,
  requestId,
  clientIp: null,
  payload: null,
  error: null,
  createdAt: new Date(),
});

/** A repository whose INSERTs hang until released (Postgres slow), recording what they were given. */
function slowRepository() {
  const inserted: AuditRow[][] = [];
  let release: () => void = () => undefined;
  let blocked = new Promise<void>((resolve) => (release = resolve));
  const repository = {
    insertMany: async (rows: AuditRow[]) => {
      inserted.push(rows);
      await blocked;
    },
  } as unknown as ExternalApiLogsRepository;
  return {
    repository,
    inserted,
    release: () => {
      release();
      blocked = Promise.resolve();
    },
  };
}

describe('AuditLogWriter', () => {
  afterEach(() => jest.useRealTimers());

  it('never drops the rows of accepted events for a flood of rejections; the drops are counted and logged once per window', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const dropped = jest.fn();
    const slow = slowRepository();
    const writer = new AuditLogWriter(slow.repository, { auditRowsDropped: dropped } as unknown as MetricsService);

    void writer.write(row('rejected_signature', 'first'), 'rejected'); // in flight, held by the slow INSERT
    const flood = MAX_PENDING.rejected + 5_000;
    for (let i = 0; i < flood; i += 1) void writer.write(row('rejected_signature', `flood-${i}`), 'rejected');
    const accepted = Array.from({ length: 100 }, (_, i) => writer.write(row('accepted', `accepted-${i}`)));

    expect(dropped).toHaveBeenCalledTimes(flood - MAX_PENDING.rejected);
    expect(dropped).toHaveBeenCalledWith('rejected');
    expect(warn).not.toHaveBeenCalled();
    jest.advanceTimersByTime(60_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain(`${flood - MAX_PENDING.rejected} of refused requests`);

    slow.release();
    await Promise.all(accepted);
    // The next INSERT after the one in flight carries the accepted rows, ahead of the waiting rejections.
    expect(slow.inserted[1].map((r) => r.requestId)).toEqual(Array.from({ length: 100 }, (_, i) => `accepted-${i}`));
    await writer.onApplicationShutdown();
    const stored = slow.inserted.flat();
    expect(stored.filter((r) => r.outcome === 'accepted')).toHaveLength(100);
    expect(stored).toHaveLength(1 + MAX_PENDING.rejected + 100);
    warn.mockRestore();
  });
});
