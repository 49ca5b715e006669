import { cpus } from 'node:os';
import * as path from 'node:path';
import { HANDLER_NAMES } from '../../lib/bundling';
import { bundleHandlers } from '../bundle';
import { buildReferenceBundle, buildRunners } from './build';
import { measureBundleSizes } from './bundle-size';
import {
  type ColdStartTarget,
  measureColdStarts,
  secretFetchedDuringInit,
} from './cold-start';
import { API_HANDLERS, type BenchRequest } from './events';
import { measureOverhead, type OverheadWorkload } from './overhead';
import {
  type BenchReport,
  type MemoryFigure,
  reportRows,
  TARGETS,
} from './report';
import {
  bookingByIdRequest,
  bookingRequest,
  checkByPhoneRequest,
  checkRequest,
  deleteRequest,
} from './requests';
import { measureRoundTrips, type Scenario } from './round-trips';
import {
  type BenchServices,
  type KnownCaller,
  startBenchServices,
  unknownCaller,
} from './services';
import { startWarmRunner, type WarmRunner } from './warm-client';

/** How much a bench run measures. */
export interface BenchSizes {
  /** Cold starts per bundle (the median is reported). */
  coldRuns: number;
  /** Warm requests per handler before measuring. */
  warmup: number;
  /** Measured warm requests per handler. */
  invocations: number;
  /** Runs of each round-trip scenario. */
  scenarioRepeats: number;
  /** Emulator latency per call in the round-trip scenarios. */
  latencyMs: number;
  /** Invocations of the warm runner before its peak RSS is read. */
  memoryInvocations: number;
}

/** The full run of `npm run bench`. */
export const FULL_SIZES: BenchSizes = {
  coldRuns: 11,
  warmup: 300,
  invocations: 3000,
  scenarioRepeats: 5,
  latencyMs: 50,
  memoryInvocations: 10_000,
};

/** `--quick`: every measurement once at a tiny size, for the smoke test. */
export const QUICK_SIZES: BenchSizes = {
  coldRuns: 1,
  warmup: 5,
  invocations: 20,
  scenarioRepeats: 1,
  latencyMs: 50,
  memoryInvocations: 150,
};

/** Options of one bench run. */
export interface BenchOptions {
  sizes: BenchSizes;
  quick: boolean;
  /** Where bundles and runners are built; must be inside the project. */
  workDir: string;
  /** Receives progress lines. */
  progress?: (line: string) => void;
}

/** Memory the stack gives every function (lib/constructs/handler-function). */
const CONFIGURED_MEMORY_MB = 512;

/** Repeat callers the warm workloads cycle through. */
const CALLER_POOL = 200;

/** Runs every measurement and returns the figures with the table rows. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = Date.now();
  const say = options.progress ?? (() => undefined);
  const { sizes } = options;

  say('Bundling the handlers, the reference and the runners');
  const bundles = await bundleHandlers(
    path.join(options.workDir, 'bundles'),
    HANDLER_NAMES,
  );
  const reference = await buildReferenceBundle(options.workDir);
  const runners = await buildRunners(options.workDir);
  const [handlerSizes, [referenceSize]] = await Promise.all([
    measureBundleSizes(bundles),
    measureBundleSizes({ reference }),
  ]);
  if (!referenceSize) {
    throw new Error('The reference bundle was not measured');
  }

  const services = await startBenchServices();
  try {
    const fixtures = new Fixtures(services);
    const env = services.handlerEnvironment();
    const apiBundles = Object.fromEntries(
      API_HANDLERS.map((name) => [name, bundles[name] ?? '']),
    );

    say(`Cold starts: ${sizes.coldRuns} per bundle`);
    const coldOptions = {
      runnerFile: runners.coldRunner,
      env,
      secretsManager: services.secretsManager,
    };
    const [referenceCold, ...handlerCold] = await measureColdStarts({
      ...coldOptions,
      runs: sizes.coldRuns,
      targets: coldStartTargets(reference, apiBundles, fixtures),
    });
    const fetchedAtInit = await secretFetchedDuringInit(
      coldOptions,
      apiBundles['check-client'] ?? '',
    );
    if (!referenceCold) {
      throw new Error('The reference bundle was not cold-started');
    }

    const warm = await startWarmRunner(runners.warmRunner, env, apiBundles);
    try {
      const measured = await measureWarm(warm, services, fixtures, options);

      const figures = {
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        quick: options.quick,
        machine: {
          node: process.version,
          platform: `${process.platform}-${process.arch}`,
          cpus: cpus().length,
        },
        bundles: { handlers: handlerSizes, reference: referenceSize },
        coldStart: {
          reference: referenceCold,
          handlers: handlerCold,
          secretFetchedDuringInit: fetchedAtInit,
        },
        ...measured,
      };
      const rows = reportRows(figures);

      return {
        ...figures,
        rows,
        misses: rows.filter((row) => row.pass === false).map((r) => r.figure),
      };
    } finally {
      await warm.close();
    }
  } finally {
    await services.close();
  }
}

/** The warm measurements, all in one fresh runner process. */
async function measureWarm(
  warm: WarmRunner,
  services: BenchServices,
  fixtures: Fixtures,
  { sizes, progress }: BenchOptions,
): Promise<Pick<BenchReport, 'overhead' | 'roundTrips' | 'memory'>> {
  const say = progress ?? (() => undefined);
  let invocations = 0;
  const run = async (requests: BenchRequest[]) => {
    invocations += requests.length;
    await warm.run({ requests, warmup: requests.length, countOnly: true });
  };

  await run(fixtures.mixed(Math.min(100, sizes.memoryInvocations)));
  const warmMemory = await warm.memory();

  say(`Own overhead: ${sizes.invocations} warm requests per handler`);
  const overhead = await measureOverhead(warm, overheadWorkloads(fixtures), {
    warmup: sizes.warmup,
    invocations: sizes.invocations,
  });
  invocations += API_HANDLERS.length * (sizes.warmup + sizes.invocations);

  say(`Round trips: ${sizes.latencyMs} ms per ClientTether call`);
  const scenarios = roundTripScenarios(fixtures);
  const roundTrips = await measureRoundTrips(
    warm,
    services.emulator,
    scenarios,
    { latencyMs: sizes.latencyMs, repeats: sizes.scenarioRepeats },
  );
  invocations += scenarios.length * sizes.scenarioRepeats;

  const rest = sizes.memoryInvocations - invocations;
  if (rest > 0) {
    say(`Memory: ${rest} more mixed requests`);
    await run(fixtures.mixed(rest));
  }
  const peak = await warm.memory();

  const memory: MemoryFigure = {
    invocations,
    warmRssBytes: warmMemory.maxRssBytes,
    peakRssBytes: peak.maxRssBytes,
    warmHeapUsedBytes: warmMemory.heapUsedBytes,
    heapUsedBytes: peak.heapUsedBytes,
    configuredMb: CONFIGURED_MEMORY_MB,
  };

  return { overhead, roundTrips, memory };
}

/**
 * The first request of each cold start makes one ClientTether call, like
 * the reference: a check by an unknown phone, a booking naming its client
 * and a delete by id. The writes also do their store calls, which the
 * reference has no equivalent of.
 */
function coldStartTargets(
  reference: string,
  bundles: Record<string, string>,
  fixtures: Fixtures,
): ColdStartTarget[] {
  const firstCheck = () =>
    checkByPhoneRequest(fixtures.newCaller().phone, fixtures.serial());

  return [
    { name: 'reference', bundle: reference, request: firstCheck },
    {
      name: 'check-client',
      bundle: bundles['check-client'] ?? '',
      request: firstCheck,
    },
    {
      name: 'create-update-client',
      bundle: bundles['create-update-client'] ?? '',
      request: () =>
        bookingByIdRequest(fixtures.repeatCaller(), fixtures.serial()),
    },
    {
      name: 'delete-client',
      bundle: bundles['delete-client'] ?? '',
      request: () =>
        deleteRequest(fixtures.freshClient().clientId, fixtures.serial()),
    },
  ];
}

function overheadWorkloads(fixtures: Fixtures): OverheadWorkload[] {
  return [
    {
      handler: 'check-client',
      workload: 'repeat caller by phone and e-mail, found by phone',
      request: (n) => checkRequest(fixtures.repeatCaller(n), n),
    },
    {
      handler: 'create-update-client',
      workload: 'repeat caller booking without client_id (update)',
      request: (n) =>
        bookingRequest(fixtures.repeatCaller(n), fixtures.serial()),
    },
    {
      handler: 'delete-client',
      workload: 'delete by client_id',
      request: (n) => deleteRequest(fixtures.freshClient().clientId, n),
    },
  ];
}

/** The five caller situations of the issue, with their target trips. */
function roundTripScenarios(fixtures: Fixtures): Scenario[] {
  return [
    {
      name: 'found by phone',
      targetTrips: 2,
      request: (n) => checkRequest(fixtures.repeatCaller(n), n),
    },
    {
      name: 'found by e-mail',
      targetTrips: 2,
      request: (n) => {
        const { email } = fixtures.repeatCaller(n);

        return checkRequest({ phone: fixtures.newCaller().phone, email }, n);
      },
    },
    {
      name: 'new caller created',
      targetTrips: 2,
      request: () => bookingRequest(fixtures.newCaller(), fixtures.serial()),
    },
    {
      name: 'repeat caller updated',
      targetTrips: 2,
      request: (n) =>
        bookingRequest(fixtures.repeatCaller(n + 7), fixtures.serial()),
    },
    {
      name: 'delete',
      targetTrips: 1,
      request: (n) => deleteRequest(fixtures.freshClient().clientId, n),
    },
  ];
}

/** Callers and clients for the requests, each handed out fresh. */
class Fixtures {
  private readonly pool: KnownCaller[];

  private next = 0;

  public constructor(private readonly services: BenchServices) {
    this.pool = services.seedCallers(CALLER_POOL);
  }

  /** A number never handed out before in this run. */
  public serial(): number {
    this.next += 1;

    return this.next;
  }

  /** One of the pool's repeat callers. */
  public repeatCaller(n = this.serial()): KnownCaller {
    return this.pool[n % this.pool.length] as KnownCaller;
  }

  /** A caller ClientTether has never seen. */
  public newCaller(): { phone: string; email: string } {
    return unknownCaller(this.serial());
  }

  /** A client nothing else uses, to delete. */
  public freshClient(): KnownCaller {
    return this.services.seedCallers(1)[0] as KnownCaller;
  }

  /** A mix like a day's traffic: mostly checks, then bookings. */
  public mixed(count: number): BenchRequest[] {
    const kinds = [
      () => checkRequest(this.repeatCaller(), this.serial()),
      () => checkByPhoneRequest(this.newCaller().phone, this.serial()),
      () => bookingRequest(this.repeatCaller(), this.serial()),
      () => checkRequest(this.repeatCaller(), this.serial()),
      () => bookingRequest(this.newCaller(), this.serial()),
      () => deleteRequest(this.freshClient().clientId, this.serial()),
    ];

    return Array.from({ length: count }, (_, n) => {
      const make = kinds[n % kinds.length] as () => BenchRequest;

      return make();
    });
  }
}

export { TARGETS };
