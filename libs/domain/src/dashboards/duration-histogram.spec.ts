import { durationBucket, durationBucketWidth, percentileFromHistogram, type HistogramBucket } from './duration-histogram';

/** Postgres's percentile_cont over the raw values. */
function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  return sorted[below] + (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]) * (position - below);
}

function histogramOf(values: number[]): HistogramBucket[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(durationBucket(v), (counts.get(durationBucket(v)) ?? 0) + 1);
  return [...counts].map(([bucket, count]) => ({ bucket, count }));
}

function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2 ** 31;
    return a / 2 ** 31;
  };
}

describe('duration histograms', () => {
  it('puts durations into whole seconds, then 5 s, 30 s and 5 min buckets', () => {
    expect([0, 0.9, 59.9, 60, 64, 599, 600, 629, 3599, 3600, 3899, -3].map(durationBucket)).toEqual([0, 0, 59, 60, 60, 595, 600, 600, 3570, 3600, 3600, 0]);
    expect([0, 59, 60, 595, 600, 3570, 3600].map(durationBucketWidth)).toEqual([1, 1, 5, 5, 30, 30, 300]);
  });

  it('is exact for whole seconds under a minute', () => {
    const values = [3, 5, 5, 8, 12, 40, 41, 59];
    for (const p of [0, 0.25, 0.5, 0.9, 1]) expect(percentileFromHistogram(histogramOf(values), p)).toBeCloseTo(exactPercentile(values, p), 10);
  });

  it('stays within half a bucket of percentile_cont over the raw durations', () => {
    const random = seeded(11616);
    for (let run = 0; run < 200; run += 1) {
      const n = 1 + Math.floor(random() * 500);
      const values = Array.from({ length: n }, () => Math.round(random() < 0.7 ? 60 + random() * 900 : random() * 4000));
      const histogram = histogramOf(values);
      for (const p of [0.5, 0.9]) {
        const exact = exactPercentile(values, p);
        const approx = percentileFromHistogram(histogram, p)!;
        expect(Math.abs(approx - exact)).toBeLessThanOrEqual(durationBucketWidth(durationBucket(exact)) / 2 + durationBucketWidth(durationBucket(approx)) / 2);
      }
    }
  });

  it('answers null for nothing and refuses a quantile outside 0..1', () => {
    expect(percentileFromHistogram([], 0.5)).toBeNull();
    expect(percentileFromHistogram([{ bucket: 10, count: 0 }], 0.5)).toBeNull();
    expect(() => percentileFromHistogram([{ bucket: 10, count: 1 }], 1.5)).toThrow(RangeError);
  });
});
