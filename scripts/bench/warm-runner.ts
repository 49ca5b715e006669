import { PerformanceObserver } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import {
  type ApiHandlerName,
  benchContext,
  HANDLER_OF_PATH,
  proxyEventFor,
} from './events';
import { coveredMs, type Interval } from './stats';
import type {
  InvocationSample,
  MemorySample,
  WarmCommand,
  WarmJob,
  WarmReply,
} from './warm-protocol';

/**
 * Child process that keeps the deployed handler bundles warm and replays
 * requests against them in-process, timing each invocation and the calls
 * it waits on. The bundles to load come in BENCH_BUNDLES (handler name →
 * file). Handler logs go to this process's stdout, which the bench
 * discards: writing them is part of the handlers' own cost.
 */

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** The calls in flight during the current invocation. */
interface CallLog {
  upstream: Interval[];
  store: Interval[];
}

let current: CallLog | undefined;

/** Garbage collections of the last few seconds, to attribute slow runs. */
let collections: Interval[] = [];

installFetchTimer();
installStoreTimer();
installGcWatch();

const handlers = loadHandlers();

/**
 * Times every ClientTether call: the handlers use the global fetch, so
 * the wrapper sees each one from request to the last byte of its answer.
 * The body is read here so that the wait for it counts as upstream time;
 * the handler then reads the same bytes from memory.
 */
function installFetchTimer(): void {
  const realFetch = globalThis.fetch;

  globalThis.fetch = async (input, init) => {
    const window = openWindow(current?.upstream);
    try {
      const response = await realFetch(input, init);
      const body = await response.arrayBuffer();

      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      window.end = performance.now();
    }
  };
}

/**
 * Times every DynamoDB call. The handler bundles leave the AWS SDK
 * external, so they use this very class and its `send`.
 */
function installStoreTimer(): void {
  const prototype = DynamoDBClient.prototype as unknown as {
    send: (...args: unknown[]) => Promise<unknown>;
  };
  const realSend = prototype.send;

  prototype.send = async function timedSend(...args: unknown[]) {
    const window = openWindow(current?.store);
    try {
      return await realSend.apply(this, args);
    } finally {
      window.end = performance.now();
    }
  };
}

/**
 * Starts a call's window in the current invocation's log; it stays open
 * until the call ends, so a call still running when the handler answers
 * counts as waiting until then.
 */
function openWindow(windows: Interval[] | undefined): Interval {
  const window = { start: performance.now(), end: Number.POSITIVE_INFINITY };
  windows?.push(window);

  return window;
}

function installGcWatch(): void {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      collections.push({
        start: entry.startTime,
        end: entry.startTime + entry.duration,
      });
    }
    collections = collections.slice(-100);
  });
  observer.observe({ entryTypes: ['gc'] });
}

function loadHandlers(): Map<ApiHandlerName, Handler> {
  const bundles = JSON.parse(process.env.BENCH_BUNDLES ?? '{}') as Record<
    string,
    string
  >;
  const loaded = new Map<ApiHandlerName, Handler>();
  for (const name of Object.values(HANDLER_OF_PATH)) {
    const file = bundles[name];
    if (file) {
      loaded.set(name, (require(file) as { handler: Handler }).handler);
    }
  }

  return loaded;
}

async function runJob(job: WarmJob): Promise<InvocationSample[]> {
  const samples: InvocationSample[] = [];

  for (const [index, request] of job.requests.entries()) {
    const name = HANDLER_OF_PATH[request.path];
    const handler = handlers.get(name);
    if (!handler) {
      throw new Error(`No bundle loaded for ${name}`);
    }

    const sample = await invoke(handler, name, request, job);
    if (index >= job.warmup && !job.countOnly) {
      samples.push(sample);
    }
  }

  return samples;
}

async function invoke(
  handler: Handler,
  name: ApiHandlerName,
  request: WarmJob['requests'][number],
  job: WarmJob,
): Promise<InvocationSample> {
  const event = proxyEventFor(request);
  const context = benchContext(name);
  const log: CallLog = { upstream: [], store: [] };

  current = log;
  const start = performance.now();
  const answer = (await handler(event, context)) as { statusCode: number };
  const end = performance.now();
  current = undefined;
  // GC entries are delivered after the fact; let them arrive.
  await new Promise(setImmediate);

  return describe(answer.statusCode, { start, end }, log, job.keepWindows);
}

function describe(
  statusCode: number,
  span: Interval,
  log: CallLog,
  keepWindows = false,
): InvocationSample {
  const upstream = clip(log.upstream, span);
  const store = clip(log.store, span);
  const wallMs = span.end - span.start;
  const waitMs = coveredMs([...upstream, ...store]);
  const sample: InvocationSample = {
    statusCode,
    wallMs,
    upstreamMs: coveredMs(upstream),
    storeMs: coveredMs(store),
    waitMs,
    overheadMs: Math.max(0, wallMs - waitMs),
    gcMs: coveredMs(clip(collections, span)),
    upstreamCalls: log.upstream.length,
    storeCalls: log.store.length,
  };

  if (keepWindows) {
    sample.upstreamWindows = relative(upstream, span.start);
    sample.storeWindows = relative(store, span.start);
  }

  return sample;
}

/** Windows cut to the invocation: a call left running is not its time. */
function clip(windows: Interval[], span: Interval): Interval[] {
  return windows
    .map((window) => ({
      start: Math.max(window.start, span.start),
      end: Math.min(window.end, span.end),
    }))
    .filter((window) => window.end > window.start);
}

function relative(windows: Interval[], origin: number): Interval[] {
  return windows.map((window) => ({
    start: window.start - origin,
    end: window.end - origin,
  }));
}

function memory(): MemorySample {
  // Collect first, so the heap figure is what is still referenced.
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();

  return {
    // resourceUsage reports the peak in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
  };
}

function reply(message: WarmReply): void {
  process.send?.(message);
}

process.on('message', (message: WarmCommand) => {
  if (message.type === 'exit') {
    process.exit(0);
  }
  if (message.type === 'memory') {
    reply({ type: 'memory', id: message.id, memory: memory() });
    return;
  }

  const { id, job } = message;
  runJob(job).then(
    (samples) =>
      reply({ type: 'samples', id, samples, count: job.requests.length }),
    (error: unknown) => reply({ type: 'failed', id, error: String(error) }),
  );
});

reply({ type: 'ready' });
