/** A stretch of time: start and end in ms on one clock. */
export interface Interval {
  start: number;
  end: number;
}

/** The value below which `fraction` of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], fraction: number) {
  if (samples.length === 0) {
    return Number.NaN;
  }

  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil(fraction * sorted.length) - 1;
  const index = Math.min(sorted.length - 1, Math.max(0, rank));

  return sorted[index] as number;
}

/** The middle sample (the lower one of an even count's two middles). */
export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** Intervals merged where they overlap, in order of start. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];

  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start < last.end) {
      last.end = Math.max(last.end, interval.end);
    } else {
      merged.push({ ...interval });
    }
  }

  return merged;
}

/** Time covered by at least one interval; overlaps count once. */
export function coveredMs(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).reduce(
    (total, interval) => total + (interval.end - interval.start),
    0,
  );
}

/**
 * Sequential steps of a set of calls: calls whose windows overlap ran side
 * by side and make one step; a call that starts after every earlier one
 * ended makes a new step.
 */
export function sequentialSteps(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).length;
}

/** A number rounded to `digits` decimals, for reports. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;

  return Math.round(value * factor) / factor;
}
