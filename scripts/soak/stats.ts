import { ENDPOINTS, type Endpoint } from './contract';

/** Latency figures of one endpoint, in ms. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One answer that broke the contract, without its body. */
export interface MalformedAnswer {
  endpoint: Endpoint;
  status: number;
  problem: string;
}

/** Most examples of one kind of finding kept in the report. */
export const MAX_EXAMPLES = 10;

/** Tallies every HTTP answer of a run. */
export class SoakStats {
  /** Endpoint → status (or `error` for no answer) → count. */
  public readonly byEndpoint: Record<Endpoint, Record<string, number>>;

  /** `endpoint status error` → count, for every failed answer. */
  public readonly errorCodes: Record<string, number> = {};

  public readonly malformed: MalformedAnswer[] = [];

  public malformedCount = 0;

  public retried429 = 0;

  public transportErrors = 0;

  /** Most requests that were waiting for an answer at one time. */
  public peakInFlight = 0;

  private inFlight = 0;

  private readonly latencies: Record<Endpoint, number[]>;

  public constructor() {
    this.byEndpoint = perEndpoint(() => ({}));
    this.latencies = perEndpoint(() => []);
  }

  /** Marks a request sent; `done` marks its answer (or failure). */
  public started(): { done: () => void } {
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    let open = true;

    return {
      done: () => {
        if (open) {
          open = false;
          this.inFlight -= 1;
        }
      },
    };
  }

  /** Counts one answer and its latency. */
  public answered(endpoint: Endpoint, status: number, ms: number): void {
    const counts = this.byEndpoint[endpoint];
    counts[status] = (counts[status] ?? 0) + 1;
    this.latencies[endpoint].push(ms);
  }

  /** Counts the `error` code of a well-formed failed answer. */
  public failedWith(endpoint: Endpoint, status: number, code: unknown): void {
    const key = `${endpoint} ${status} ${String(code)}`;
    this.errorCodes[key] = (this.errorCodes[key] ?? 0) + 1;
  }

  /** Counts a request that got no answer at all. */
  public failed(endpoint: Endpoint): void {
    const counts = this.byEndpoint[endpoint];
    counts.error = (counts.error ?? 0) + 1;
    this.transportErrors += 1;
  }

  /** Counts an answer that is not what the contract promises. */
  public brokeContract(answer: MalformedAnswer): void {
    this.malformedCount += 1;
    if (this.malformed.length < MAX_EXAMPLES) {
      this.malformed.push(answer);
    }
  }

  /** Every HTTP answer, retries included. */
  public total(): number {
    return ENDPOINTS.reduce(
      (sum, endpoint) =>
        sum +
        Object.values(this.byEndpoint[endpoint]).reduce((a, b) => a + b, 0),
      0,
    );
  }

  /** Statuses outside the allowed set, with their counts. */
  public statusesOutside(allowed: readonly number[]): Record<string, number> {
    const outside: Record<string, number> = {};
    for (const endpoint of ENDPOINTS) {
      for (const [status, count] of Object.entries(this.byEndpoint[endpoint])) {
        if (!allowed.includes(Number(status))) {
          const key = `${endpoint} ${status}`;
          outside[key] = (outside[key] ?? 0) + count;
        }
      }
    }

    return outside;
  }

  /** p50/p95/p99/max per endpoint. */
  public latency(): Record<Endpoint, LatencySummary> {
    return perEndpoint((endpoint) => summarise(this.latencies[endpoint]));
  }
}

function perEndpoint<T>(make: (endpoint: Endpoint) => T): Record<Endpoint, T> {
  return Object.fromEntries(
    ENDPOINTS.map((endpoint) => [endpoint, make(endpoint)]),
  ) as Record<Endpoint, T>;
}

/** Nearest-rank percentiles of a list of durations. */
export function summarise(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => {
    if (sorted.length === 0) {
      return 0;
    }
    const index = Math.ceil((p / 100) * sorted.length) - 1;

    return round(sorted[Math.max(0, index)] ?? 0);
  };

  return {
    count: sorted.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
