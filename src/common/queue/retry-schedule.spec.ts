import { retriedJobOptions, retrySchedule } from './retry-schedule.js';

describe('retry schedule', () => {
  it('makes one try more than there are delays, with the row id as job id', () => {
    expect(retriedJobOptions('row-1', [100, 200], 'my-schedule')).toEqual({
      jobId: 'row-1',
      attempts: 3,
      backoff: { type: 'my-schedule' },
      removeOnComplete: true,
      removeOnFail: true,
    });
  });

  it('waits the nth delay before try n+1, repeating the last one', () => {
    const backoff = retrySchedule([30_000, 300_000, 1_800_000]);
    expect([1, 2, 3, 4].map(backoff)).toEqual([30_000, 300_000, 1_800_000, 1_800_000]);
  });
});
