import { fork } from 'node:child_process';
import type { ColdRunResult } from './cold-runner';
import type { BenchRequest } from './events';
import { proxyEventFor } from './events';
import type { FakeSecretsManager } from './fake-secrets-manager';
import { median } from './stats';

/** One bundle to cold-start, and the request it answers first. */
export interface ColdStartTarget {
  name: string;
  bundle: string;
  /** A fresh first request per run (writes must not be replays). */
  request: (run: number) => BenchRequest;
}

/** Cold-start figures of one bundle, medians over the runs. */
export interface ColdStartFigure {
  name: string;
  runs: number;
  /** Process start until the first answer. */
  medianTotalMs: number;
  /** Loading the bundle (Lambda's init phase, without Node's boot). */
  medianInitMs: number;
  /** The first invocation alone. */
  medianFirstRequestMs: number;
  /** Node's own start-up, the same for every bundle. */
  medianBootMs: number;
  statusCodes: number[];
  /** AWS SDK clients loaded by the time of the first answer. */
  sdkClients: string[];
  /**
   * Secret request arrival minus invocation start, median; negative when
   * the secret was asked for before the request came in.
   */
  medianSecretLeadMs: number | null;
}

/** Options of the cold-start measurement. */
export interface ColdStartOptions {
  runnerFile: string;
  env: Record<string, string>;
  secretsManager: FakeSecretsManager;
  targets: ColdStartTarget[];
  runs: number;
}

/**
 * Starts a fresh Node process per run and bundle, interleaving the
 * bundles run by run, so a change in machine load hits all alike.
 */
export async function measureColdStarts(
  options: ColdStartOptions,
): Promise<ColdStartFigure[]> {
  const results = new Map<string, ColdRunResult[]>();
  const leads = new Map<string, number[]>();

  for (let run = 0; run < options.runs; run += 1) {
    for (const target of rotate(options.targets, run)) {
      options.secretsManager.clearRequests();
      const event = proxyEventFor(target.request(run));
      const result = await runCold(options, target.bundle, { event });
      const [secret] = options.secretsManager.requests();

      push(results, target.name, result);
      if (secret) {
        push(leads, target.name, secret.at - result.invokedAt);
      }
    }
  }

  return options.targets.map((target) =>
    summarise(
      target.name,
      results.get(target.name) ?? [],
      leads.get(target.name) ?? [],
    ),
  );
}

/**
 * Whether loading the bundle alone, with no request, makes the secret
 * request: proof that the fetch starts during init.
 */
export async function secretFetchedDuringInit(
  options: Omit<ColdStartOptions, 'targets' | 'runs'>,
  bundle: string,
): Promise<boolean> {
  options.secretsManager.clearRequests();
  await runCold(options, bundle, { idleMs: 300 });

  return options.secretsManager.requests().length > 0;
}

function runCold(
  options: Pick<ColdStartOptions, 'runnerFile' | 'env'>,
  bundle: string,
  run: { event?: unknown; idleMs?: number },
): Promise<ColdRunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(options.runnerFile, [bundle], {
      env: {
        ...options.env,
        BENCH_EVENT: JSON.stringify(run.event ?? {}),
        BENCH_IDLE_MS: String(run.idleMs ?? 0),
      },
      // As deployed: the stack sets NODE_OPTIONS=--enable-source-maps.
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let result: ColdRunResult | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.once('message', (message: ColdRunResult) => {
      result = message;
    });
    child.once('exit', (code) => {
      if (result) {
        resolve(result);
      } else {
        reject(new Error(`Cold runner exited (${code}): ${stderr}`));
      }
    });
  });
}

function summarise(
  name: string,
  results: ColdRunResult[],
  leads: number[],
): ColdStartFigure {
  const of = (pick: (result: ColdRunResult) => number) =>
    median(results.map(pick));

  return {
    name,
    runs: results.length,
    medianTotalMs: of((result) => result.totalMs),
    medianInitMs: of((result) => result.initMs),
    medianFirstRequestMs: of((result) => result.firstRequestMs),
    medianBootMs: of((result) => result.bootMs),
    statusCodes: [...new Set(results.map((result) => result.statusCode))],
    sdkClients: [...new Set(results.flatMap((result) => result.sdkClients))],
    medianSecretLeadMs: leads.length > 0 ? median(leads) : null,
  };
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % Math.max(1, items.length);

  return [...items.slice(shift), ...items.slice(0, shift)];
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}
