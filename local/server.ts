import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { useSyncQueue } from '../lambda/shared/sync/queue';
import { type ApiKeyEntry, ApiKeyTable, DEFAULT_API_KEY } from './api-keys';
import { type LocalEmulator, startDemoEmulator } from './demo-emulator';
import {
  applyEnv,
  type EnvChanges,
  lambdaTimeoutMs,
  missingDefaults,
} from './environment';
import {
  fromProxyResult,
  type LocalResponse,
  lambdaContextFor,
  type ReceivedRequest,
  toProxyEvent,
} from './events';
import { gatewayResponse } from './gateway-responses';
import { loadSourceHandlers, loadSourceWorker } from './handlers';
import {
  LOCAL_AWS_SETTINGS,
  type LocalTable,
  startLocalTable,
} from './local-table';
import {
  type ApiHandlerName,
  DEFAULT_ROUTES,
  findRoute,
  type HandlerSet,
  type LocalRoute,
} from './routes';
import { InProcessSyncQueue, type SyncWorker } from './sync-queue';

/** API Gateway's own limit on a request body (REST APIs: 10 MB). */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Settings of one local server. */
export interface LocalServerOptions {
  /** Port to listen on; 0 picks a free one. @default 3000 */
  port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  host?: string;
  /** The operator key, which may name any location. @default 'local-dev-key' */
  apiKey?: string;
  /** Location keys: API key → location_id, like API_KEYS. */
  apiKeys?: Record<string, string>;
  /**
   * The handlers to call.
   * @default the sources, imported once the environment is set
   */
  handlers?: HandlerSet;
  /**
   * Start the ClientTether emulator in this process.
   * @default true unless CLIENTTETHER_BASE_URL is set
   */
  emulator?: boolean;
  /** Port of the emulator; 0 picks a free one. @default 0 */
  emulatorPort?: number;
  /** The routes to answer. @default DEFAULT_ROUTES */
  routes?: readonly LocalRoute[];
  /** The environment the handlers read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Receives one access log entry per request. */
  onRequest?: (entry: AccessLogEntry) => void;
  /**
   * Keep writes idempotent, as in Lambda, with an in-memory
   * DynamoDB-compatible table on loopback.
   * @default true
   */
  idempotency?: boolean;
  /**
   * The worker that applies queued bookings from the in-process queue.
   * @default the source worker, imported once the environment is set
   */
  syncWorker?: SyncWorker;
}

/** What the local gateway logs per request, like an access log. */
export interface AccessLogEntry {
  requestId: string;
  ip: string;
  apiKeyId: string | null;
  httpMethod: string;
  path: string;
  status: number;
  responseLatency: number;
  /** Why the gateway answered by itself, when it did. */
  errorType?: string;
}

/** A running local server. */
export interface LocalServer {
  /** Base URL, e.g. `http://localhost:3000`. */
  url: string;
  port: number;
  /** The operator key. */
  apiKey: string;
  /** Every accepted key, the operator key first. */
  apiKeys: ApiKeyEntry[];
  /** The in-process emulator, when one was started. */
  emulator?: LocalEmulator;
  /** Where bookings wait while ClientTether is down. */
  syncQueue: InProcessSyncQueue;
  /** Stops the server and the emulator and restores the environment. */
  close(): Promise<void>;
}

interface Outcome {
  response: LocalResponse;
  apiKeyId: string | null;
  errorType?: string;
}

/**
 * Serves the API on loopback the way API Gateway serves it in AWS: checks
 * the route, the method and the API key, turns the request into a proxy
 * event and answers with what the handler returns.
 */
export async function startLocalServer(
  options: LocalServerOptions = {},
): Promise<LocalServer> {
  const env = options.env ?? process.env;
  const keys = new ApiKeyTable(
    options.apiKey ?? DEFAULT_API_KEY,
    options.apiKeys,
  );
  const useEmulator =
    options.emulator ?? (env.CLIENTTETHER_BASE_URL ?? '').trim() === '';

  const cleanups: (() => void | Promise<void>)[] = [];
  let closing: Promise<void> | undefined;
  const cleanUp = () => {
    closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        await cleanup();
      }
    })();

    return closing;
  };

  try {
    const emulator = useEmulator
      ? await startDemoEmulator(options.emulatorPort ?? 0)
      : undefined;
    if (emulator) {
      cleanups.push(() => emulator.running.close());
    }

    const table =
      options.idempotency === false ? undefined : await startLocalTable();
    if (table) {
      cleanups.push(() => table.close());
    }

    cleanups.push(
      applyEnv(env, {
        ...handlerEnvChanges(env, keys, emulator),
        ...tableEnvChanges(env, table),
      }),
    );

    const handlers = options.handlers ?? (await loadSourceHandlers());
    const syncQueue = await startSyncQueue(options.syncWorker);
    cleanups.push(() => stopSyncQueue(syncQueue));

    const server = createServer((request, response) => {
      serve(request, response, {
        keys,
        handlers,
        routes: options.routes ?? DEFAULT_ROUTES,
        env,
        onRequest: options.onRequest,
      });
    });
    const port = await listen(server, options.port ?? 3000, options.host);
    cleanups.push(() => closeServer(server));

    return {
      url: urlOf(options.host, port),
      port,
      apiKey: keys.entries()[0]?.key ?? DEFAULT_API_KEY,
      apiKeys: keys.entries(),
      emulator,
      syncQueue,
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/**
 * What the handlers need in their environment: the emulator's settings
 * when it runs, the local defaults, and the key id → location mapping.
 */
function handlerEnvChanges(
  env: NodeJS.ProcessEnv,
  keys: ApiKeyTable,
  emulator: LocalEmulator | undefined,
): EnvChanges {
  // The emulator's credentials come from the environment, never a secret.
  const upstream: EnvChanges = emulator
    ? { ...emulator.env, CLIENTTETHER_SECRET_ID: undefined }
    : {};

  return {
    ...missingDefaults(env),
    ...upstream,
    API_KEY_LOCATIONS: JSON.stringify(keys.locationsByKeyId()),
  };
}

/** Points the handlers at the local table, keeping real AWS settings. */
function tableEnvChanges(
  env: NodeJS.ProcessEnv,
  table: LocalTable | undefined,
): EnvChanges {
  if (!table) {
    return {};
  }

  const hasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE);
  const { AWS_REGION, ...credentials } = LOCAL_AWS_SETTINGS;

  return {
    IDEMPOTENCY_TABLE_NAME: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    ...(env.AWS_REGION ? {} : { AWS_REGION }),
    ...(hasCredentials ? {} : credentials),
  };
}

/**
 * Runs the sync worker in-process against a small queue with the SQS
 * queue's behaviour, so an outage shows the write-behind path locally.
 */
async function startSyncQueue(
  worker: SyncWorker | undefined,
): Promise<InProcessSyncQueue> {
  const queue = new InProcessSyncQueue();
  useSyncQueue(queue);

  const run = worker ?? (await loadSourceWorker());
  queue.start(run, () =>
    lambdaContextFor({
      functionName: 'clienttether-api-local-sync-worker',
      timeoutMs: SYNC_WORKER_TIMEOUT_MS,
    }),
  );

  return queue;
}

async function stopSyncQueue(queue: InProcessSyncQueue): Promise<void> {
  await queue.stop();
  useSyncQueue(undefined);
}

/** The worker's Lambda timeout, as the stack sets it. */
const SYNC_WORKER_TIMEOUT_MS = 60_000;

interface ServeContext {
  keys: ApiKeyTable;
  handlers: HandlerSet;
  routes: readonly LocalRoute[];
  env: NodeJS.ProcessEnv;
  onRequest?: (entry: AccessLogEntry) => void;
}

function serve(
  request: IncomingMessage,
  response: ServerResponse,
  context: ServeContext,
): void {
  const requestId = randomUUID();
  const receivedAt = new Date();

  readBody(request)
    .then((body) => answer(request, body, requestId, receivedAt, context))
    .catch(
      (): Outcome => ({
        response: gatewayResponse('integration_failure', requestId),
        apiKeyId: null,
        errorType: 'INTEGRATION_FAILURE',
      }),
    )
    .then((outcome) => {
      writeResponse(response, outcome.response, requestId);
      context.onRequest?.({
        requestId,
        ip: sourceIpOf(request),
        apiKeyId: outcome.apiKeyId,
        httpMethod: request.method ?? 'GET',
        path: new URL(request.url ?? '/', 'http://local').pathname,
        status: outcome.response.statusCode,
        responseLatency: Date.now() - receivedAt.getTime(),
        ...(outcome.errorType ? { errorType: outcome.errorType } : {}),
      });
    });
}

/** The gateway's checks in API Gateway's order, then the route's target. */
async function answer(
  request: IncomingMessage,
  body: Buffer | undefined,
  requestId: string,
  receivedAt: Date,
  context: ServeContext,
): Promise<Outcome> {
  const method = request.method ?? 'GET';
  const url = request.url ?? '/';
  const refuse = (
    failure: Parameters<typeof gatewayResponse>[0],
    errorType: string,
    headers?: Record<string, string>,
  ): Outcome => ({
    response: gatewayResponse(failure, requestId, headers),
    apiKeyId: null,
    errorType,
  });

  if (body === undefined) {
    return refuse('request_too_large', 'REQUEST_TOO_LARGE');
  }

  const route = findRoute(
    context.routes,
    new URL(url, 'http://local').pathname,
  );
  if (!route) {
    return refuse('unknown_route', 'MISSING_AUTHENTICATION_TOKEN');
  }
  if (!route.methods.includes(method)) {
    return refuse('method_not_allowed', 'METHOD_NOT_ALLOWED', {
      Allow: route.methods.join(', '),
    });
  }

  const received: ReceivedRequest = {
    method,
    url,
    rawHeaders: request.rawHeaders,
    body,
    sourceIp: sourceIpOf(request),
  };

  const key = route.apiKeyRequired
    ? context.keys.find(singleHeader(request, 'x-api-key'))
    : undefined;
  if (route.apiKeyRequired && !key) {
    return refuse('invalid_api_key', 'INVALID_API_KEY');
  }
  const apiKeyId = key?.id ?? null;

  if ('respond' in route.target) {
    return {
      response: await route.target.respond(received, requestId),
      apiKeyId,
    };
  }

  const event = toProxyEvent(received, {
    resource: route.path,
    requestId,
    identity: { apiKey: key?.key ?? null, apiKeyId },
    receivedAt,
  });
  const result = await invoke(context, route.target.handler, event);
  if (!result) {
    return {
      ...refuse('integration_failure', 'INTEGRATION_FAILURE'),
      apiKeyId,
    };
  }

  return { response: fromProxyResult(result), apiKeyId };
}

/**
 * Calls a handler as Lambda would; `undefined` when it fails, runs past
 * the function timeout or answers something that is not a proxy result,
 * all of which API Gateway turns into a 502.
 */
async function invoke(
  context: ServeContext,
  name: ApiHandlerName,
  event: Parameters<HandlerSet[ApiHandlerName]>[0],
): Promise<APIGatewayProxyResult | undefined> {
  const timeoutMs = lambdaTimeoutMs(context.env);
  const lambdaContext = lambdaContextFor({
    functionName: `clienttether-api-local-${name}`,
    timeoutMs,
  });

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });

  try {
    const result = await Promise.race([
      context.handlers[name](event, lambdaContext),
      timeout,
    ]);

    return isProxyResult(result) ? result : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const { statusCode, body } = value as Record<string, unknown>;

  return Number.isInteger(statusCode) && typeof body === 'string';
}

/** The body, or `undefined` once it passes the gateway's limit. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;

    // Past the limit the rest is read and dropped, so the caller still
    // gets the 413 instead of a broken connection.
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GATEWAY_MAX_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    request.on('end', () => {
      resolve(
        size > GATEWAY_MAX_BODY_BYTES ? undefined : Buffer.concat(chunks),
      );
    });
    request.on('error', reject);
  });
}

function writeResponse(
  response: ServerResponse,
  answer: LocalResponse,
  requestId: string,
): void {
  response.writeHead(answer.statusCode, {
    ...answer.headers,
    'Content-Length': String(answer.body.length),
    'x-amzn-RequestId': requestId,
  });
  response.end(answer.body);
}

/** A header sent once; a repeated one counts as not sent. */
function singleHeader(
  request: IncomingMessage,
  name: string,
): string | undefined {
  const values = request.headersDistinct[name];

  return values?.length === 1 ? values[0] : undefined;
}

function sourceIpOf(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '127.0.0.1';

  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function listen(
  server: Server,
  port: number,
  host = '127.0.0.1',
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive connections would hold close() open.
    server.closeAllConnections();
  });
}

function urlOf(host: string | undefined, port: number): string {
  const loopback =
    host === undefined || host === '127.0.0.1' || host === 'localhost';
  const name = loopback ? 'localhost' : host;
  const urlHost = name.includes(':') ? `[${name}]` : name;

  return `http://${urlHost}:${port}`;
}
