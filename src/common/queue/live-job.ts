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
  if (!answers || answers.some(([error]) => error)) return true;
  // zscore and lpos answer null when absent (lpos 0 is the head of a list); exists answers 0.
  const inList = answers.slice(0, 4).some(([, found]) => found !== null);
  const locked = answers[4][1] !== 0;
  if (inList || locked) return true;
  await job.remove();
  return false;
}
