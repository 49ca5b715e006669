import {
  coveredMs,
  median,
  mergeIntervals,
  percentile,
  sequentialSteps,
} from '../../scripts/bench/stats';

describe('percentile', () => {
  it('returns the nearest-rank value of unsorted samples', () => {
    // Prepare
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

    // Act & Assess
    expect(percentile(samples, 0.5)).toBe(5);
    expect(percentile(samples, 0.99)).toBe(10);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('returns NaN for no samples', () => {
    // Act & Assess
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('sequentialSteps', () => {
  it('counts overlapping calls as one step', () => {
    // Prepare: two lookups side by side, then a read.
    const calls = [
      { start: 0, end: 50 },
      { start: 1, end: 51 },
      { start: 53, end: 103 },
    ];

    // Act & Assess
    expect(sequentialSteps(calls)).toBe(2);
  });

  it('counts calls that only touch as separate steps', () => {
    // Act & Assess
    expect(
      sequentialSteps([
        { start: 50, end: 100 },
        { start: 0, end: 50 },
      ]),
    ).toBe(2);
    expect(sequentialSteps([])).toBe(0);
  });
});

describe('coveredMs', () => {
  it('returns the time covered by at least one interval', () => {
    // Prepare
    const windows = [
      { start: 0, end: 2 },
      { start: 1, end: 3 },
      { start: 10, end: 11 },
    ];

    // Act & Assess
    expect(coveredMs(windows)).toBe(4);
    expect(mergeIntervals(windows)).toEqual([
      { start: 0, end: 3 },
      { start: 10, end: 11 },
    ]);
  });
});
