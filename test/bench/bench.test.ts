import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../lib/bundling';
import type { BenchReport } from '../../scripts/bench/report';
import { formatTable } from '../../scripts/bench/report';
import { QUICK_SIZES, runBench } from '../../scripts/bench/run';

// Bundles and runners must sit inside the project to find node_modules.
const workDir = path.join(PROJECT_ROOT, '.build', `bench-test-${process.pid}`);

const sizes = {
  ...QUICK_SIZES,
  invocations: 6,
  warmup: 2,
  memoryInvocations: 60,
};

describe('runBench (quick)', () => {
  let report: BenchReport;

  beforeAll(async () => {
    report = await runBench({ quick: true, sizes, workDir });
  }, 180_000);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('returns the size of every deployed bundle and of the reference', () => {
    // Assess
    expect(report.bundles.handlers.map((bundle) => bundle.name)).toEqual([
      'check-client',
      'create-update-client',
      'delete-client',
      'sync-worker',
    ]);
    for (const bundle of [
      ...report.bundles.handlers,
      report.bundles.reference,
    ]) {
      expect(bundle.gzippedBytes).toBeGreaterThan(0);
      expect(bundle.gzippedBytes).toBeLessThan(bundle.minifiedBytes);
    }
  });

  it('returns a cold start per API handler whose first request succeeded', () => {
    // Assess
    const { coldStart } = report;
    expect(coldStart.handlers.map((figure) => figure.name)).toEqual([
      'check-client',
      'create-update-client',
      'delete-client',
    ]);
    for (const figure of [coldStart.reference, ...coldStart.handlers]) {
      expect(figure.runs).toBe(sizes.coldRuns);
      expect(figure.statusCodes).toEqual([200]);
      expect(figure.medianTotalMs).toBeGreaterThan(figure.medianInitMs);
    }
    expect(coldStart.handlers[0]?.sdkClients).toEqual([
      'client-secrets-manager',
    ]);
  });

  it('returns overhead figures from successful warm requests only', () => {
    // Assess
    expect(report.overhead).toHaveLength(3);
    for (const figure of report.overhead) {
      expect(figure.invocations).toBe(sizes.invocations);
      expect(figure.statusCodes).toEqual([200]);
      expect(figure.upstreamCalls).toBeGreaterThan(0);
      expect(figure.overheadP99Ms).toBeGreaterThanOrEqual(figure.overheadP50Ms);
    }
    const storeCalls = report.overhead.map((figure) => figure.storeCalls);
    expect(storeCalls[0]).toBe(0);
    expect(storeCalls[1]).toBeGreaterThan(0);
  });

  it('counts the round trips of each scenario from the emulator', () => {
    // Assess
    expect(
      report.roundTrips.map((scenario) => [
        scenario.name,
        scenario.statusCodes,
        scenario.trips,
      ]),
    ).toEqual([
      ['found by phone', [200], 2],
      ['found by e-mail', [200], 2],
      ['new caller created', [200], 2],
      ['repeat caller updated', [200], 2],
      ['delete', [200], 1],
    ]);
  });

  it('returns the peak memory after the requested invocations', () => {
    // Assess
    expect(report.memory.invocations).toBeGreaterThanOrEqual(
      sizes.memoryInvocations,
    );
    expect(report.memory.peakRssBytes).toBeGreaterThanOrEqual(
      report.memory.warmRssBytes,
    );
  });

  it('returns rows with a verdict for every figure that has a target', () => {
    // Assess
    const judged = report.rows.filter((row) => row.pass !== null);
    expect(judged.length).toBeGreaterThanOrEqual(20);
    expect(report.misses).toEqual(
      judged.filter((row) => !row.pass).map((row) => row.figure),
    );
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('prints one table line per row under a header', () => {
    // Act
    const table = formatTable(report.rows).split('\n');

    // Assess
    expect(table).toHaveLength(report.rows.length + 2);
    expect(table[0]).toMatch(/^figure\s+value\s+reference \/ target/);
  });
});
