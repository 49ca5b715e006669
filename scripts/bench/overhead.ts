import type { ApiHandlerName, BenchRequest } from './events';
import { percentile } from './stats';
import type { WarmRunner } from './warm-client';
import type { InvocationSample } from './warm-protocol';

/** Own-time figures of one handler over many warm invocations. */
export interface OverheadFigure {
  handler: ApiHandlerName;
  /** What each request was, in words. */
  workload: string;
  invocations: number;
  statusCodes: number[];
  overheadP50Ms: number;
  overheadP99Ms: number;
  /** Share of the slowest 1% (by overhead) that ran a GC. */
  slowestWithGcShare: number;
  /** Median GC time per invocation (any thread's pause counts). */
  gcP50Ms: number;
  storeP50Ms: number;
  storeP99Ms: number;
  upstreamP50Ms: number;
  wallP50Ms: number;
  wallP99Ms: number;
  /** Calls per request (the first sample's; all are alike). */
  upstreamCalls: number;
  storeCalls: number;
}

/** One handler's warm workload. */
export interface OverheadWorkload {
  handler: ApiHandlerName;
  workload: string;
  /** The n-th request; each distinct so writes are never replays. */
  request: (n: number) => BenchRequest;
}

/**
 * Replays `warmup + invocations` requests per handler in the warm runner
 * (emulator without added latency) and reports the spread of the time the
 * handler spends with no ClientTether or store call in flight.
 */
export async function measureOverhead(
  runner: WarmRunner,
  workloads: readonly OverheadWorkload[],
  sizes: { warmup: number; invocations: number },
): Promise<OverheadFigure[]> {
  const figures: OverheadFigure[] = [];

  for (const workload of workloads) {
    const total = sizes.warmup + sizes.invocations;
    const requests = Array.from({ length: total }, (_, n) =>
      workload.request(n),
    );
    const samples = await runner.run({ requests, warmup: sizes.warmup });
    figures.push(summarise(workload, samples));
  }

  return figures;
}

function summarise(
  workload: OverheadWorkload,
  samples: InvocationSample[],
): OverheadFigure {
  const at = (pick: (sample: InvocationSample) => number, q: number) =>
    percentile(samples.map(pick), q);
  const first = samples[0];

  return {
    handler: workload.handler,
    workload: workload.workload,
    invocations: samples.length,
    statusCodes: [...new Set(samples.map((sample) => sample.statusCode))],
    overheadP50Ms: at((sample) => sample.overheadMs, 0.5),
    overheadP99Ms: at((sample) => sample.overheadMs, 0.99),
    slowestWithGcShare: gcShareOfSlowest(samples),
    gcP50Ms: at((sample) => sample.gcMs, 0.5),
    storeP50Ms: at((sample) => sample.storeMs, 0.5),
    storeP99Ms: at((sample) => sample.storeMs, 0.99),
    upstreamP50Ms: at((sample) => sample.upstreamMs, 0.5),
    wallP50Ms: at((sample) => sample.wallMs, 0.5),
    wallP99Ms: at((sample) => sample.wallMs, 0.99),
    upstreamCalls: first?.upstreamCalls ?? 0,
    storeCalls: first?.storeCalls ?? 0,
  };
}

function gcShareOfSlowest(samples: InvocationSample[]): number {
  const slowest = [...samples]
    .sort((a, b) => b.overheadMs - a.overheadMs)
    .slice(0, Math.max(1, Math.ceil(samples.length / 100)));

  return slowest.filter((sample) => sample.gcMs > 0).length / slowest.length;
}
