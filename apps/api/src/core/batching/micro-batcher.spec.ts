import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('answers calls of the same turn with one run, in order', async () => {
    const runs: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => {
      runs.push(items);
      return items.map((n) => n * 10);
    });
    const answers = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    expect(answers).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
    expect(await batcher.submit(4)).toBe(40);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('splits what is over the batch size', async () => {
    const runs: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => (runs.push(items), items), 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails only the items the run says failed, or all of them when it throws', async () => {
    const some = new MicroBatcher<number, number>(async (items) => items.map((n) => (n === 2 ? new Error('two') : n)));
    const results = await Promise.allSettled([1, 2, 3].map((n) => some.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const all = new MicroBatcher<number, number>(async () => {
      throw new Error('database gone');
    });
    const failed = await Promise.allSettled([1, 2].map((n) => all.submit(n)));
    expect(failed.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(['database gone', 'database gone']);
  });

  it('refuses an answer that is shorter than the batch', async () => {
    const short = new MicroBatcher<number, number>(async () => [1]);
    const results = await Promise.allSettled([1, 2].map((n) => short.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });
});
