import { jest } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

const double = (items: number[]) => Promise.resolve(items.map((i) => i * 2));

describe('GroupCommit', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('commits a full batch at once, without waiting for the window', async () => {
    const commit = jest.fn(double);
    const group = new GroupCommit(commit, 3, 1000);
    const results = Promise.all([1, 2, 3].map((i) => group.add(i)));
    expect(commit).toHaveBeenCalledWith([1, 2, 3]);
    await expect(results).resolves.toEqual([2, 4, 6]);
  });

  it('commits what arrived within the window once it closes, each caller getting its own result', async () => {
    const commit = jest.fn(double);
    const group = new GroupCommit(commit, 50, 2);
    const first = group.add(5);
    jest.advanceTimersByTime(1);
    const second = group.add(7);
    expect(commit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(commit).toHaveBeenCalledTimes(1);
    expect(commit).toHaveBeenCalledWith([5, 7]);
    await expect(Promise.all([first, second])).resolves.toEqual([10, 14]);
  });

  it('starts a new batch while the last one is committing', async () => {
    const commit = jest.fn(double);
    const group = new GroupCommit(commit, 2, 1000);
    const firstBatch = Promise.all([group.add(1), group.add(2)]);
    const secondBatch = Promise.all([group.add(3), group.add(4)]);
    expect(commit.mock.calls).toEqual([[[1, 2]], [[3, 4]]]);
    await expect(Promise.all([firstBatch, secondBatch])).resolves.toEqual([
      [2, 4],
      [6, 8],
    ]);
  });

  it('fails every caller of a batch whose commit failed', async () => {
    const group = new GroupCommit<number, number>(() => Promise.reject(new Error('database gone')), 2, 1000);
    const results = [group.add(1), group.add(2)];
    await expect(results[0]).rejects.toThrow('database gone');
    await expect(results[1]).rejects.toThrow('database gone');
  });
});
