import type { DuplicateFigures, LostFigures } from './checks';
import { ENDPOINTS, type Endpoint } from './contract';
import type { FaultFigures } from './faults';
import type { LogFigures } from './log-tap';
import type { SoakOptions } from './options';
import type { LatencySummary, MalformedAnswer } from './stats';
import type { TaskKind, WrongAnswer } from './workload';

/** Memory of the process, in MB. */
export interface MemoryFigures {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
}

/** Everything one soak run measured; also written as JSON. */
export interface SoakReport {
  options: Omit<SoakOptions, 'out' | 'progress'>;
  startedAt: string;
  /** Time spent sending, in ms. */
  loadMs: number;
  requestsPerSecond: number;
  requests: {
    /** Requests sent, not counting 429 retries. */
    sent: number;
    /** HTTP answers, 429 retries included. */
    answers: number;
    retried429: number;
    /** Requests that got no HTTP answer at all. */
    transportErrors: number;
    /** Most requests in flight at one time. */
    peakInFlight: number;
    /** Endpoint → status → count; `error` means no answer. */
    byEndpoint: Record<Endpoint, Record<string, number>>;
    /** Failed answers by `endpoint status error` code. */
    errorCodes: Record<string, number>;
    /** Statuses outside the allowed set, as `endpoint status` → count. */
    unexpectedStatuses: Record<string, number>;
    tasks: Partial<Record<TaskKind, number>>;
  };
  malformed: { count: number; examples: MalformedAnswer[] };
  wrongAnswers: { count: number; examples: WrongAnswer[] };
  duplicates: { afterRun: DuplicateFigures; afterDrain: DuplicateFigures };
  lost: LostFigures;
  bookings: { answered200: number; answered202: number };
  syncQueue: {
    drained: boolean;
    drainMs: number;
    pending: number;
    deadLettered: number;
  };
  latencyMs: Record<Endpoint, LatencySummary>;
  upstream: FaultFigures & { faultRate: number };
  memory: { before: MemoryFigures; after: MemoryFigures };
  logs: LogFigures;
  /** Why the run failed; empty when it passed. */
  failures: string[];
  passed: boolean;
}

/** The reasons a report fails; empty when every guarantee held. */
export function failuresOf(report: Omit<SoakReport, 'failures' | 'passed'>) {
  const failures: string[] = [];
  const fail = (count: number, what: string) => {
    if (count > 0) {
      failures.push(`${count} ${what}`);
    }
  };

  fail(report.malformed.count, 'malformed answers');
  fail(report.duplicates.afterRun.count, 'duplicate keys after the run');
  fail(report.duplicates.afterDrain.count, 'duplicate keys after the drain');
  fail(report.lost.count, 'lost bookings');
  fail(report.wrongAnswers.count, 'wrong answers');
  fail(report.requests.transportErrors, 'requests without an answer');
  fail(
    Object.values(report.requests.unexpectedStatuses).reduce(
      (sum, count) => sum + count,
      0,
    ),
    'answers with a status outside the allowed set',
  );
  if (!report.syncQueue.drained) {
    failures.push(`${report.syncQueue.pending} bookings still queued`);
  }

  return failures;
}

/** A memory snapshot of this process. */
export function memoryNow(): MemoryFigures {
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

  return {
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
  };
}

/** The report as the plain-text tables `npm run soak` prints. */
export function formatReport(report: SoakReport): string {
  const { options, requests } = report;
  const lines = [
    `Soak: ${requests.sent} requests, concurrency ${options.concurrency}, ` +
      `fault rate ${options.faultRate}, latency ${options.latencyMs} ms, ` +
      `seed ${options.seed}`,
    `Sent in ${(report.loadMs / 1000).toFixed(1)} s ` +
      `(${report.requestsPerSecond} req/s, up to ${requests.peakInFlight} ` +
      `in flight); ${requests.answers} answers, ` +
      `${requests.retried429} retries after 429`,
    '',
    ...statusTable(report),
    '',
    ...latencyTable(report),
    '',
    ...errorLines(report),
    '',
    `ClientTether calls: ${report.upstream.upstreamCalls}, faults injected: ` +
      `${describeCounts(report.upstream.injected)} ` +
      `(${percent(report.upstream.faultRate)} of calls), slow calls: ` +
      `${report.upstream.slowCalls}`,
    `Bookings answered 200: ${report.bookings.answered200}, 202 (queued): ` +
      `${report.bookings.answered202}; queue drained in ` +
      `${(report.syncQueue.drainMs / 1000).toFixed(1)} s, dead-lettered ` +
      `${report.syncQueue.deadLettered}`,
    `Handler log lines: ${describeCounts(report.logs.byLevel)}`,
    `Memory before: ${describeMemory(report.memory.before)}`,
    `Memory after:  ${describeMemory(report.memory.after)}`,
    '',
    ...checkLines(report),
    '',
    report.passed ? 'PASSED' : `FAILED: ${report.failures.join('; ')}`,
  ];

  return `${lines.join('\n')}\n`;
}

function statusTable(report: SoakReport): string[] {
  const { byEndpoint } = report.requests;
  const statuses = [
    ...new Set(ENDPOINTS.flatMap((e) => Object.keys(byEndpoint[e]))),
  ].sort();
  const header = ['endpoint', ...statuses, 'total'];
  const rows = ENDPOINTS.map((endpoint) => {
    const counts = byEndpoint[endpoint];
    const total = Object.values(counts).reduce((a, b) => a + b, 0);

    return [
      endpoint,
      ...statuses.map((s) => String(counts[s] ?? 0)),
      String(total),
    ];
  });

  return table([header, ...rows]);
}

function latencyTable(report: SoakReport): string[] {
  const header = ['latency (ms)', 'count', 'p50', 'p95', 'p99', 'max'];
  const rows = ENDPOINTS.map((endpoint) => {
    const figures = report.latencyMs[endpoint];

    return [
      endpoint,
      String(figures.count),
      String(figures.p50),
      String(figures.p95),
      String(figures.p99),
      String(figures.max),
    ];
  });

  return table([header, ...rows]);
}

function errorLines(report: SoakReport): string[] {
  const entries = Object.entries(report.requests.errorCodes).sort();

  return [
    'failed answers by error code:',
    ...entries.map(([key, count]) => `  ${key}: ${count}`),
  ];
}

function checkLines(report: SoakReport): string[] {
  const { duplicates, lost } = report;
  const lines = [
    `Malformed answers:       ${report.malformed.count}`,
    `Duplicate clients:       ${duplicates.afterRun.count} after the run, ` +
      `${duplicates.afterDrain.count} after the queue drained`,
    `Lost bookings:           ${lost.count} of ${lost.checked} checked`,
    `Wrong answers:           ${report.wrongAnswers.count}`,
    `Unexpected statuses:     ${
      describeCounts(report.requests.unexpectedStatuses) || 'none'
    }`,
    `Requests without answer: ${report.requests.transportErrors}`,
  ];
  const examples = [
    ...report.malformed.examples.map(
      (m) => `  malformed ${m.endpoint} ${m.status}: ${m.problem}`,
    ),
    ...duplicates.afterDrain.examples.map(
      (d) => `  duplicate ${d.locationId} ${d.key}: ${d.clients} clients`,
    ),
    ...lost.examples.map(
      (l) =>
        `  lost ${l.locationId} ${l.appointmentId} (${l.status}): ${l.problem}`,
    ),
    ...report.wrongAnswers.examples.map(
      (w) => `  wrong ${w.kind}: ${w.problem}`,
    ),
  ];

  return [...lines, ...examples];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );

  return rows.map((row) =>
    row
      .map((cell, column) => {
        const width = widths?.[column] ?? cell.length;

        return column === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd(),
  );
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([key, count]) => `${key} ${count}`)
    .join(', ');
}

function describeMemory(memory: MemoryFigures): string {
  return (
    `RSS ${memory.rssMb} MB, heap used ${memory.heapUsedMb} MB ` +
    `of ${memory.heapTotalMb} MB`
  );
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
