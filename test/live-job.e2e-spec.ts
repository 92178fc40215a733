import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Bull from 'bull';
import { hasLiveJob } from '../src/common/queue/live-job.js';
import { TEST_REDIS_URL } from './support/test-app.js';

describe('hasLiveJob (real Redis)', () => {
  let queue: Bull.Queue;

  beforeAll(() => {
    queue = new Bull('live-job', TEST_REDIS_URL, { prefix: `test-live-job-${randomBytes(4).toString('hex')}` });
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('sees a job at the head of the wait list (LPOS 0) as alive, and leaves it there', async () => {
    await queue.add({}, { jobId: 'head' });
    expect(await hasLiveJob(queue, 'head')).toBe(true);
    expect(await queue.getJob('head')).not.toBeNull();
  });

  it('sees a delayed job as alive', async () => {
    await queue.add({}, { jobId: 'later', delay: 60_000 });
    expect(await hasLiveJob(queue, 'later')).toBe(true);
  });

  it('removes a job hash no list holds (a husk) and answers no', async () => {
    await queue.add({}, { jobId: 'husk' });
    await queue.client.lrem(queue.toKey('wait'), 0, 'husk');
    expect(await hasLiveJob(queue, 'husk')).toBe(false);
    expect(await queue.getJob('husk')).toBeNull();
  });

  it('answers no for an id never queued', async () => {
    expect(await hasLiveJob(queue, 'never')).toBe(false);
  });
});
