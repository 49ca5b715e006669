import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/**
 * Child process of the cold-start measurement: loads one bundle the way
 * the Lambda runtime does and answers one request, then reports its
 * timings to the parent over IPC and exits. It is bundled on its own so
 * the child loads nothing but Node, this file and the bundle under test.
 */

/** What the child reports. */
export interface ColdRunResult {
  /** Process start until this file ran: Node's own bootstrap. */
  bootMs: number;
  /** Loading the bundle: the function's init phase. */
  initMs: number;
  /** The first invocation, from call to answer; 0 when idle. */
  firstRequestMs: number;
  /** Process start until the answer: what a caller waits on a cold start. */
  totalMs: number;
  statusCode: number;
  /** When the invocation started, ms since the epoch. */
  invokedAt: number;
  /** `@aws-sdk/client-*` packages loaded by the end. */
  sdkClients: string[];
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const bootMs = performance.now();

async function main(): Promise<void> {
  const bundle = process.argv[2] ?? '';
  const idleMs = Number(process.env.BENCH_IDLE_MS ?? '0');
  const event = JSON.parse(
    process.env.BENCH_EVENT ?? '{}',
  ) as APIGatewayProxyEvent;

  const initStart = performance.now();
  const loaded = require(bundle) as { handler: Handler };
  const initMs = performance.now() - initStart;

  if (idleMs > 0) {
    // Only init, no request: shows whether work (the secret fetch)
    // starts while the function initialises.
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    report({ initMs, firstRequestMs: 0, statusCode: 0, invokedAt: 0 });
    return;
  }

  const invokedAt = performance.timeOrigin + performance.now();
  const started = performance.now();
  const answer = (await loaded.handler(event, contextOf())) as {
    statusCode: number;
  };
  const firstRequestMs = performance.now() - started;

  report({
    initMs,
    firstRequestMs,
    statusCode: answer.statusCode,
    invokedAt,
  });
}

function report(
  figures: Pick<
    ColdRunResult,
    'initMs' | 'firstRequestMs' | 'statusCode' | 'invokedAt'
  >,
): void {
  const result: ColdRunResult = {
    bootMs,
    totalMs: performance.now(),
    sdkClients: loadedSdkClients(),
    ...figures,
  };

  // Open keep-alive sockets would hold the process; it has done its job.
  process.send?.(result, () => process.exit(0));
}

function loadedSdkClients(): string[] {
  const names = Object.keys(require.cache).flatMap((file) => {
    const match = /@aws-sdk[\\/](client-[a-z0-9-]+)[\\/]/.exec(file);

    return match?.[1] ? [match[1]] : [];
  });

  return [...new Set(names)].sort();
}

function contextOf(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'bench-cold-start',
    functionVersion: '$LATEST',
    invokedFunctionArn:
      'arn:aws:lambda:us-east-1:000000000000:function:bench-cold-start',
    memoryLimitInMB: '512',
    awsRequestId: `cold-${process.pid}`,
    logGroupName: '/aws/lambda/bench-cold-start',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 8000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
