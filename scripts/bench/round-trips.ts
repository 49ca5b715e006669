import type { RunningEmulator } from '../../emulator/emulator';
import type { BenchRequest } from './events';
import { median, sequentialSteps } from './stats';
import type { WarmRunner } from './warm-client';

/** One caller situation to time with a slow ClientTether. */
export interface Scenario {
  name: string;
  /** Sequential ClientTether round trips it should take. */
  targetTrips: number;
  /** A fresh request for the n-th repeat. */
  request: (repeat: number) => BenchRequest;
}

/** What one scenario took. */
export interface ScenarioFigure {
  name: string;
  repeats: number;
  statusCodes: number[];
  latencyMs: number;
  /** ClientTether calls made (the most seen in any repeat). */
  upstreamCalls: number;
  /** Sequential ClientTether round trips (the most seen). */
  trips: number;
  targetTrips: number;
  /** Sequential idempotency-store round trips (the most seen). */
  storeTrips: number;
  /** Median end-to-end time of the invocation. */
  medianMs: number;
  /** Median time with a ClientTether call in flight. */
  medianUpstreamMs: number;
  /** Median time with only a store call in flight. */
  medianStoreOnlyMs: number;
  /** Median time with no call in flight: the handler's own. */
  medianOwnMs: number;
  /** End-to-end time over (trips × latency). */
  latencyMultiple: number;
}

/**
 * Sets the emulator's per-call latency and replays each scenario
 * `repeats` times, one request at a time. Round trips come from the
 * emulator's own record: each call occupies [arrival, arrival + latency],
 * and calls whose windows overlap ran side by side, making one step.
 */
export async function measureRoundTrips(
  runner: WarmRunner,
  emulator: RunningEmulator,
  scenarios: readonly Scenario[],
  options: { latencyMs: number; repeats: number },
): Promise<ScenarioFigure[]> {
  const { latencyMs, repeats } = options;
  const figures: ScenarioFigure[] = [];
  emulator.setLatency(latencyMs);

  try {
    for (const scenario of scenarios) {
      const runs: RunFigures[] = [];
      for (let repeat = 0; repeat < repeats; repeat += 1) {
        const request = scenario.request(repeat);
        runs.push(await runOnce(runner, emulator, request, latencyMs));
      }
      figures.push(summarise(scenario, runs, latencyMs));
    }
  } finally {
    emulator.setLatency(0);
  }

  return figures;
}

interface RunFigures {
  statusCode: number;
  wallMs: number;
  upstreamMs: number;
  storeOnlyMs: number;
  ownMs: number;
  upstreamCalls: number;
  trips: number;
  storeTrips: number;
}

async function runOnce(
  runner: WarmRunner,
  emulator: RunningEmulator,
  request: BenchRequest,
  latencyMs: number,
): Promise<RunFigures> {
  emulator.clearCalls();
  const [sample] = await runner.run({
    requests: [request],
    warmup: 0,
    keepWindows: true,
  });
  if (!sample) {
    throw new Error('The warm runner reported no sample');
  }
  const calls = emulator.calls();

  return {
    statusCode: sample.statusCode,
    wallMs: sample.wallMs,
    upstreamMs: sample.upstreamMs,
    storeOnlyMs: sample.waitMs - sample.upstreamMs,
    ownMs: sample.overheadMs,
    upstreamCalls: calls.length,
    trips: sequentialSteps(
      calls.map((call) => ({ start: call.at, end: call.at + latencyMs })),
    ),
    storeTrips: sequentialSteps(sample.storeWindows ?? []),
  };
}

function summarise(
  scenario: Scenario,
  runs: RunFigures[],
  latencyMs: number,
): ScenarioFigure {
  const most = (pick: (run: RunFigures) => number) =>
    Math.max(0, ...runs.map(pick));
  const trips = most((run) => run.trips);
  const medianMs = median(runs.map((run) => run.wallMs));

  return {
    name: scenario.name,
    repeats: runs.length,
    statusCodes: [...new Set(runs.map((run) => run.statusCode))],
    latencyMs,
    upstreamCalls: most((run) => run.upstreamCalls),
    trips,
    targetTrips: scenario.targetTrips,
    storeTrips: most((run) => run.storeTrips),
    medianMs,
    medianUpstreamMs: median(runs.map((run) => run.upstreamMs)),
    medianStoreOnlyMs: median(runs.map((run) => run.storeOnlyMs)),
    medianOwnMs: median(runs.map((run) => run.ownMs)),
    latencyMultiple: medianMs / (Math.max(1, trips) * latencyMs),
  };
}
