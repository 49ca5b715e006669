import { type ChildProcess, fork } from 'node:child_process';
import type {
  InvocationSample,
  MemorySample,
  WarmCommand,
  WarmJob,
  WarmReply,
} from './warm-protocol';

/** The bench's handle on a warm runner process. */
export interface WarmRunner {
  /** Replays the job's requests; resolves to the reported samples. */
  run(job: WarmJob): Promise<InvocationSample[]>;
  memory(): Promise<MemorySample>;
  close(): Promise<void>;
}

/** Most of the runner's stderr kept to explain a failure. */
const STDERR_TAIL = 4000;

/**
 * Node options of the runner: source maps as the stack enables them, and
 * a callable GC so the live heap can be told from garbage.
 */
const RUNNER_NODE_OPTIONS = ['--enable-source-maps', '--expose-gc'];

/**
 * Starts a fresh warm runner with the handler environment and the
 * bundles to load (handler name → file); resolves once they are loaded.
 * `nodeOptions` adds options such as `--cpu-prof` to look into a figure.
 */
export async function startWarmRunner(
  runnerFile: string,
  env: Record<string, string>,
  bundles: Readonly<Record<string, string>>,
  nodeOptions: readonly string[] = [],
): Promise<WarmRunner> {
  const child = fork(runnerFile, [], {
    env: { ...env, BENCH_BUNDLES: JSON.stringify(bundles) },
    execArgv: [...RUNNER_NODE_OPTIONS, ...nodeOptions],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
  });

  await nextReply(child, () => stderr);
  let nextId = 0;

  const ask = async (command: WarmCommand): Promise<WarmReply> => {
    const reply = nextReply(child, () => stderr);
    child.send(command);

    return reply;
  };

  return {
    run: async (job) => {
      nextId += 1;
      const reply = await ask({ type: 'run', id: nextId, job });
      if (reply.type !== 'samples') {
        throw new Error(`Warm runner failed: ${describe(reply)}`);
      }

      return reply.samples;
    },
    memory: async () => {
      nextId += 1;
      const reply = await ask({ type: 'memory', id: nextId });
      if (reply.type !== 'memory') {
        throw new Error(`Warm runner failed: ${describe(reply)}`);
      }

      return reply.memory;
    },
    close: () => stop(child),
  };
}

function nextReply(
  child: ChildProcess,
  stderr: () => string,
): Promise<WarmReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WarmReply) => {
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`Warm runner exited (${code}): ${stderr()}`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

function describe(reply: WarmReply): string {
  return reply.type === 'failed' ? reply.error : reply.type;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }

  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'exit' } satisfies WarmCommand);
  });
}
