import type { BenchRequest } from './events';
import type { Interval } from './stats';

/** Messages from the bench to a warm runner. */
export type WarmCommand =
  | { type: 'run'; id: number; job: WarmJob }
  | { type: 'memory'; id: number }
  | { type: 'exit' };

/** Requests to replay one after another in the warm runner. */
export interface WarmJob {
  requests: BenchRequest[];
  /** Leading requests run but not reported (JIT and pool warm-up). */
  warmup: number;
  /** Keep each request's call windows (for round-trip counting). */
  keepWindows?: boolean;
  /** Report only a count, not the samples (long memory runs). */
  countOnly?: boolean;
}

/** Timings of one invocation, in ms. */
export interface InvocationSample {
  statusCode: number;
  /** Handler call to answer. */
  wallMs: number;
  /** Time with a ClientTether call in flight; overlaps count once. */
  upstreamMs: number;
  /** Time with an idempotency-store call in flight. */
  storeMs: number;
  /** Time with either in flight. */
  waitMs: number;
  /** Our own time: wall time with no call in flight. */
  overheadMs: number;
  /** Time the process spent collecting garbage during the invocation. */
  gcMs: number;
  upstreamCalls: number;
  storeCalls: number;
  /** Call windows relative to the invocation's start, when asked for. */
  upstreamWindows?: Interval[];
  storeWindows?: Interval[];
}

/** Memory of the runner process. */
export interface MemorySample {
  /** Peak resident set size of the process so far. */
  maxRssBytes: number;
  rssBytes: number;
  /** Heap still referenced, after a full collection. */
  heapUsedBytes: number;
}

/** Answers from a warm runner. */
export type WarmReply =
  | { type: 'ready' }
  | { type: 'samples'; id: number; samples: InvocationSample[]; count: number }
  | { type: 'memory'; id: number; memory: MemorySample }
  | { type: 'failed'; id: number; error: string };
