import type { BundleSize } from './bundle-size';
import type { ColdStartFigure } from './cold-start';
import type { OverheadFigure } from './overhead';
import type { ScenarioFigure } from './round-trips';
import { round } from './stats';

/** Targets of issue 7. */
export const TARGETS = {
  coldStartRatio: 1.5,
  overheadP50Ms: 1,
  overheadP99Ms: 5,
  latencyMultipleSlack: 1.1,
} as const;

/** Peak memory of the warm runner. */
export interface MemoryFigure {
  invocations: number;
  /** Peak RSS after the first warm-up requests. */
  warmRssBytes: number;
  /** Peak RSS after all invocations. */
  peakRssBytes: number;
  /** Live heap (after a full GC) after warm-up and at the end. */
  warmHeapUsedBytes: number;
  heapUsedBytes: number;
  /** The functions' configured memory. */
  configuredMb: number;
}

/** One line of the printed table. */
export interface ReportRow {
  figure: string;
  value: string;
  reference: string;
  /** Value over reference or target, where that means something. */
  ratio: number | null;
  /** Whether the target is met; null for figures without one. */
  pass: boolean | null;
}

/** Everything one bench run measured. */
export interface BenchReport {
  startedAt: string;
  durationMs: number;
  quick: boolean;
  machine: { node: string; platform: string; cpus: number };
  bundles: { handlers: BundleSize[]; reference: BundleSize };
  coldStart: {
    reference: ColdStartFigure;
    handlers: ColdStartFigure[];
    secretFetchedDuringInit: boolean;
  };
  overhead: OverheadFigure[];
  roundTrips: ScenarioFigure[];
  memory: MemoryFigure;
  rows: ReportRow[];
  /** Rows with a target that missed it. */
  misses: string[];
}

type Figures = Omit<BenchReport, 'rows' | 'misses'>;

/** The table rows of a run, in the order of the list. */
export function reportRows(figures: Figures): ReportRow[] {
  return [
    ...bundleRows(figures.bundles),
    ...coldStartRows(figures.coldStart),
    ...overheadRows(figures.overhead),
    ...roundTripRows(figures.roundTrips),
    ...memoryRows(figures.memory),
  ];
}

function bundleRows(bundles: Figures['bundles']): ReportRow[] {
  const { reference } = bundles;

  return bundles.handlers.map((bundle) => ({
    figure: `bundle ${bundle.name} (min / gzip)`,
    value: `${kb(bundle.minifiedBytes)} / ${kb(bundle.gzippedBytes)}`,
    reference: `reference ${kb(reference.minifiedBytes)} / ${kb(
      reference.gzippedBytes,
    )}`,
    ratio: round(bundle.gzippedBytes / reference.gzippedBytes),
    pass: null,
  }));
}

function coldStartRows(cold: Figures['coldStart']): ReportRow[] {
  const { reference } = cold;
  const rows = cold.handlers.map((figure): ReportRow => {
    const ratio = figure.medianTotalMs / reference.medianTotalMs;

    return {
      figure: `cold start ${figure.name} (median of ${figure.runs})`,
      value: `${ms(figure.medianTotalMs)} (init ${ms(figure.medianInitMs)})`,
      reference: `ref ${ms(reference.medianTotalMs)} (init ${ms(
        reference.medianInitMs,
      )}); ≤ ${TARGETS.coldStartRatio}×`,
      ratio: round(ratio),
      pass: ratio <= TARGETS.coldStartRatio,
    };
  });

  return [
    ...rows,
    {
      figure: 'secret fetch starts during init',
      value: cold.secretFetchedDuringInit ? 'yes' : 'no',
      reference: 'yes',
      ratio: null,
      pass: cold.secretFetchedDuringInit,
    },
    ...cold.handlers.map((figure): ReportRow => {
      const unneeded = figure.sdkClients.filter(
        (client) =>
          client === 'client-sqs' ||
          (figure.name === 'check-client' && client === 'client-dynamodb'),
      );

      return {
        figure: `SDK clients loaded, ${figure.name}`,
        value: figure.sdkClients.map(shortClient).join(', ') || 'none',
        reference: 'only what the request uses',
        ratio: null,
        pass: unneeded.length === 0,
      };
    }),
  ];
}

function overheadRows(overhead: OverheadFigure[]): ReportRow[] {
  return overhead.flatMap((figure): ReportRow[] => [
    {
      figure: `own overhead p50, ${figure.handler}`,
      value: ms(figure.overheadP50Ms, 3),
      reference: `< ${TARGETS.overheadP50Ms} ms`,
      ratio: round(figure.overheadP50Ms / TARGETS.overheadP50Ms),
      pass: figure.overheadP50Ms < TARGETS.overheadP50Ms,
    },
    {
      figure: `own overhead p99, ${figure.handler}`,
      value: `${ms(figure.overheadP99Ms, 3)} (GC in ${Math.round(
        figure.slowestWithGcShare * 100,
      )}% of slowest 1%)`,
      reference: `< ${TARGETS.overheadP99Ms} ms`,
      ratio: round(figure.overheadP99Ms / TARGETS.overheadP99Ms),
      pass: figure.overheadP99Ms < TARGETS.overheadP99Ms,
    },
    {
      figure: `store time p50 / p99, ${figure.handler}`,
      value: `${ms(figure.storeP50Ms)} / ${ms(figure.storeP99Ms)}`,
      reference: `${figure.storeCalls} calls (dynalite)`,
      ratio: null,
      pass: null,
    },
  ]);
}

function roundTripRows(scenarios: ScenarioFigure[]): ReportRow[] {
  return scenarios.flatMap((scenario): ReportRow[] => {
    const budget = scenario.trips * scenario.latencyMs;

    return [
      {
        figure: `round trips, ${scenario.name}`,
        value: `${scenario.trips} (${scenario.upstreamCalls} calls, ${scenario.storeTrips} store)`,
        reference: String(scenario.targetTrips),
        ratio: round(scenario.trips / scenario.targetTrips),
        pass: scenario.trips <= scenario.targetTrips,
      },
      {
        figure: `end-to-end, ${scenario.name}`,
        value: `${ms(scenario.medianMs)} = ${round(
          scenario.latencyMultiple * scenario.trips,
        )}× latency`,
        reference: `≤ ${round(budget * TARGETS.latencyMultipleSlack)} ms`,
        ratio: round(scenario.latencyMultiple),
        pass: scenario.latencyMultiple <= TARGETS.latencyMultipleSlack,
      },
      {
        figure: `  upstream / store / own, ${scenario.name}`,
        value: [
          scenario.medianUpstreamMs,
          scenario.medianStoreOnlyMs,
          scenario.medianOwnMs,
        ]
          .map((value) => ms(value))
          .join(' / '),
        reference: `${budget} ms nominal upstream`,
        ratio: null,
        pass: null,
      },
    ];
  });
}

function memoryRows(memory: MemoryFigure): ReportRow[] {
  const configured = memory.configuredMb * 1024 * 1024;

  return [
    {
      figure: 'RSS after warm-up',
      value: mb(memory.warmRssBytes),
      reference: `${memory.configuredMb} MB configured`,
      ratio: round(memory.warmRssBytes / configured),
      pass: null,
    },
    {
      figure: 'live heap after warm-up / at the end',
      value: `${mb(memory.warmHeapUsedBytes)} / ${mb(memory.heapUsedBytes)}`,
      reference: 'no growth (no leak)',
      ratio: round(memory.heapUsedBytes / memory.warmHeapUsedBytes),
      pass: null,
    },
    {
      figure: `peak RSS after ${memory.invocations} invocations`,
      value: mb(memory.peakRssBytes),
      reference: `< ${memory.configuredMb} MB configured`,
      ratio: round(memory.peakRssBytes / configured),
      pass: memory.peakRssBytes < configured,
    },
  ];
}

/** The rows as an aligned text table. */
export function formatTable(rows: readonly ReportRow[]): string {
  const header = ['figure', 'value', 'reference / target', 'ratio', 'result'];
  const cells = rows.map((row) => [
    row.figure,
    row.value,
    row.reference,
    row.ratio === null ? '' : `${row.ratio}×`,
    row.pass === null ? '' : row.pass ? 'pass' : 'MISS',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  const line = (values: string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();

  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.map(line),
  ].join('\n');
}

function shortClient(client: string): string {
  return client.replace(/^client-/, '');
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function ms(value: number, digits = 1): string {
  return `${value.toFixed(digits)} ms`;
}
