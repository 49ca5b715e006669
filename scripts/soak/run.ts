import { performance } from 'node:perf_hooks';
import { applyEnv } from '../../local/environment';
import { type LocalServer, startLocalServer } from '../../local/server';
import { CallerBook, type SoakLocation } from './callers';
import { findDuplicates, findLostBookings } from './checks';
import { SoakClient } from './client';
import { ALLOWED_STATUSES } from './contract';
import { FaultPump } from './faults';
import { LogTap } from './log-tap';
import { DEFAULT_SOAK_OPTIONS, type SoakOptions } from './options';
import { Random } from './random';
import { failuresOf, memoryNow, type SoakReport } from './report';
import { SoakStats } from './stats';
import { Workload } from './workload';

/** How often the drain wait looks at the queue. */
const DRAIN_POLL_MS = 100;

/** How often progress is printed, when asked for. */
const PROGRESS_EVERY_MS = 5000;

/**
 * Runs one soak: starts the local server with its emulator (latency and
 * one-shot faults at `faultRate` of ClientTether calls), sends the mixed
 * workload over loopback HTTP, then clears the faults, waits for the
 * sync queue to drain and checks the emulator for duplicate clients and
 * lost bookings. The handlers' logs are captured, not printed.
 */
export async function runSoak(
  overrides: Partial<SoakOptions> = {},
): Promise<SoakReport> {
  const options: SoakOptions = { ...DEFAULT_SOAK_OPTIONS, ...overrides };
  const tap = new LogTap();
  tap.start();
  const restoreEnv = applyEnv(process.env, {
    POWERTOOLS_LOG_LEVEL: options.logLevel,
    // Queued bookings come back after 1, 2, 4… s so the queue drains
    // within the run once the faults stop.
    SYNC_RETRY_BASE_SECONDS: '1',
  });

  let server: LocalServer | undefined;
  try {
    server = await startLocalServer({ port: 0, emulator: true });
    const report = await soak(server, options, tap);
    const logs = tap.stop();
    const complete = { ...report, logs };
    const failures = failuresOf(complete);

    return { ...complete, failures, passed: failures.length === 0 };
  } finally {
    await server?.close();
    restoreEnv();
    tap.stop();
  }
}

async function soak(
  server: LocalServer,
  options: SoakOptions,
  tap: LogTap,
): Promise<Omit<SoakReport, 'logs' | 'failures' | 'passed'>> {
  const local = server.emulator;
  if (!local) {
    throw new Error('The soak needs the in-process emulator');
  }
  const emulator = local.running;
  const startedAt = new Date().toISOString();
  const memoryBefore = memoryNow();

  const random = new Random(options.seed);
  const callers = new CallerBook(random);
  for (const { locationId, client } of local.demoClients) {
    callers.addKnown({
      locationId: locationId as SoakLocation,
      firstName: String(client.firstName),
      lastName: String(client.lastName),
      phone: client.phone,
      email: client.email,
      clientId: client.client_id,
    });
  }
  const inUse = local.demoClients.find(({ client }) =>
    Boolean(client.has_appointments),
  );

  emulator.setLatency(options.latencyMs);
  const pump = new FaultPump(emulator, random, options);
  const stats = new SoakStats();
  const client = new SoakClient(
    server.url,
    server.apiKey,
    stats,
    options.retries429,
  );
  let sent = 0;
  const workload = new Workload(
    random,
    callers,
    (endpoint, body) => {
      sent += 1;
      pump.beforeRequest();

      return client.send(endpoint, body);
    },
    options.seed,
    inUse?.client.client_id,
  );

  const loadStarted = performance.now();
  const progress = options.progress
    ? setInterval(() => {
        const seconds = (performance.now() - loadStarted) / 1000;
        tap.print(
          `soak: ${sent}/${options.requests} sent in ${seconds.toFixed(0)} s\n`,
        );
      }, PROGRESS_EVERY_MS)
    : undefined;

  try {
    await drive(workload, options, () => sent);
  } finally {
    clearInterval(progress);
  }
  const loadMs = performance.now() - loadStarted;

  const afterRun = findDuplicates(emulator);
  const waiting = await waitingFaults(local.controlUrl);
  const upstream = pump.stop(waiting);
  emulator.setLatency(0);
  const drain = await drainQueue(server, options.drainSeconds);

  const bookings = callers.all.flatMap((caller) => caller.bookings);
  const injected = Object.values(upstream.injected).reduce((a, b) => a + b, 0);

  return {
    options: withoutCliOptions(options),
    startedAt,
    loadMs: Math.round(loadMs),
    requestsPerSecond: Math.round((sent / loadMs) * 1000),
    requests: {
      sent,
      answers: stats.total(),
      retried429: stats.retried429,
      transportErrors: stats.transportErrors,
      peakInFlight: stats.peakInFlight,
      byEndpoint: stats.byEndpoint,
      errorCodes: stats.errorCodes,
      unexpectedStatuses: stats.statusesOutside(ALLOWED_STATUSES),
      tasks: workload.tasks,
    },
    malformed: { count: stats.malformedCount, examples: stats.malformed },
    wrongAnswers: { count: workload.wrongCount, examples: workload.wrong },
    duplicates: { afterRun, afterDrain: findDuplicates(emulator) },
    lost: findLostBookings(emulator, callers.all),
    bookings: {
      answered200: bookings.filter((b) => b.status === 200).length,
      answered202: bookings.filter((b) => b.status === 202).length,
    },
    syncQueue: {
      ...drain,
      deadLettered: server.syncQueue.deadLettered().length,
    },
    latencyMs: stats.latency(),
    upstream: {
      ...upstream,
      faultRate:
        upstream.upstreamCalls > 0
          ? (injected - waiting) / upstream.upstreamCalls
          : 0,
    },
    memory: { before: memoryBefore, after: memoryNow() },
  };
}

/**
 * Keeps `concurrency` tasks going until the request budget or the time
 * is used up. A running task holds back its largest size from the
 * budget, so the total never passes it; a worker that finds the budget
 * held back waits for the running tasks before it gives up.
 */
async function drive(
  workload: Workload,
  options: SoakOptions,
  sent: () => number,
): Promise<void> {
  const stopAt = Date.now() + options.maxSeconds * 1000;
  let reserved = 0;

  const worker = async () => {
    while (Date.now() < stopAt) {
      const budget = options.requests - sent() - reserved;
      if (budget <= 0) {
        if (reserved === 0) {
          return;
        }
        await sleep(10);
        continue;
      }

      const task = workload.next(budget);
      reserved += task.size;
      try {
        await task.run();
      } finally {
        reserved -= task.size;
      }
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitingFaults(controlUrl: string): Promise<number> {
  const response = await fetch(`${controlUrl}/faults`);
  const faults = (await response.json()) as unknown[];

  return faults.filter((fault) => {
    const kind = (fault as { kind?: string }).kind;

    return kind !== 'latency';
  }).length;
}

/** Waits until the worker has applied every queued booking. */
async function drainQueue(server: LocalServer, drainSeconds: number) {
  const started = performance.now();
  const until = Date.now() + drainSeconds * 1000;
  while (server.syncQueue.pending() > 0 && Date.now() < until) {
    await sleep(DRAIN_POLL_MS);
  }

  return {
    drained: server.syncQueue.pending() === 0,
    drainMs: Math.round(performance.now() - started),
    pending: server.syncQueue.pending(),
  };
}

function withoutCliOptions(options: SoakOptions): SoakReport['options'] {
  const { out: _out, progress: _progress, ...rest } = options;

  return rest;
}
