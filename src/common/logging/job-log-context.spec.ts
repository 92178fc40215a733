import { bindRequestIdToJob, jobLogFields, runInJobLogContext } from './job-log-context.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('job log context', () => {
  it('tags every later line of a job with the request id bound inside it, across awaits', async () => {
    const seen = await runInJobLogContext(async () => {
      const before = { ...jobLogFields() };
      await tick();
      bindRequestIdToJob('req-1');
      await tick();
      return [before, jobLogFields()];
    });
    expect(seen).toEqual([{}, { reqId: 'req-1' }]);
  });

  it('keeps concurrent jobs apart', async () => {
    const job = (id: string) =>
      runInJobLogContext(async () => {
        bindRequestIdToJob(id);
        await tick();
        return jobLogFields().reqId;
      });
    expect(await Promise.all([job('a'), job('b')])).toEqual(['a', 'b']);
  });

  it('leaves lines logged outside any job alone', () => {
    bindRequestIdToJob('ignored');
    expect(jobLogFields()).toEqual({});
  });
});
