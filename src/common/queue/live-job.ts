import type { Queue } from 'bull';

/**
 * Whether the job with this id is alive: waiting, delayed, running or
 * paused. The only place that reads Bull's own Redis keys, so a Bull upgrade
 * that moves them touches this file alone.
 *
 * A job hash can outlive its job: a try that ends across a Redis restart
 * writes its attempt count into a hash Redis no longer lists anywhere (Bull
 * reports it `stuck`). Such a husk would block the job id for ever, so it is
 * removed and the answer is no. The lists are read in one MULTI: Bull's
 * getState looks list by list, and a job moving between two lists meanwhile
 * would look stuck.
 */
export async function hasLiveJob(queue: Queue, id: string): Promise<boolean> {
  const job = await queue.getJob(id);
  if (!job) return false;
  const key = (name: string) => queue.toKey(name);
  const answers = await queue.client
    .multi()
    .zscore(key('delayed'), id)
    .lpos(key('wait'), id)
    .lpos(key('active'), id)
    .lpos(key('paused'), id)
    .exists(`${key(id)}:lock`)
    .exec();
  if (!answers || answers.some(([error, found]) => error || (found !== null && found !== 0))) return true;
  await job.remove();
  return false;
}
