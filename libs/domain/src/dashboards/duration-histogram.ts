/**
 * Durations (handling time, time to answer) kept as histograms in the dashboards' daily
 * rollups, and percentiles read back from them. The buckets match the database's
 * `mayak_duration_bucket`: whole seconds below a minute, 5 s to 10 minutes, 30 s to an hour,
 * 5 minutes beyond, so a median of a few minutes is within 2.5 s of the exact one.
 */

/** The lower bound of the bucket a duration falls in. */
export function durationBucket(seconds: number): number {
  const s = Math.max(seconds, 0);
  if (s < 60) return Math.floor(s);
  if (s < 600) return Math.floor(s / 5) * 5;
  if (s < 3600) return Math.floor(s / 30) * 30;
  return Math.floor(s / 300) * 300;
}

/** How wide the bucket that starts at `lower` is. */
export function durationBucketWidth(lower: number): number {
  return lower < 60 ? 1 : lower < 600 ? 5 : lower < 3600 ? 30 : 300;
}

export interface HistogramBucket {
  /** The bucket's lower bound in seconds. */
  bucket: number;
  count: number;
}

/**
 * The `p` quantile (0..1) of the durations a histogram holds, interpolated as Postgres's
 * percentile_cont does, each bucket standing for its values spread evenly across it (a
 * one-second bucket of whole seconds is its own value). Null for an empty histogram.
 */
export function percentileFromHistogram(buckets: readonly HistogramBucket[], p: number): number | null {
  if (p < 0 || p > 1 || Number.isNaN(p)) throw new RangeError(`quantile must be between 0 and 1, not ${p}`);
  const sorted = buckets.filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const b of sorted) {
      if (rank < seen + b.count) {
        const width = durationBucketWidth(b.bucket);
        if (width === 1) return b.bucket;
        // The i-th of n values in the bucket sits at the middle of its 1/n share of the width.
        return b.bucket + ((rank - seen + 0.5) / b.count) * width - 0.5;
      }
      seen += b.count;
    }
    return sorted[sorted.length - 1].bucket;
  };
  const position = p * (total - 1);
  const below = Math.floor(position);
  const lower = valueAt(below);
  if (position === below) return lower;
  return lower + (valueAt(below + 1) - lower) * (position - below);
}
