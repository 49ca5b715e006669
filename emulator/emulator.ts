import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { CALL_METHODS, NOT_FOUND_FORMS, runCall } from './calls';
import { CONTROL_PREFIX, type ControlTarget, handleControl } from './control';
import { type CallOutcome, EnvelopeWriter } from './envelope';
import { FaultBook, type FaultEffect } from './faults';
import { parseParams, readBody, sendJson, sendText } from './http-io';
import { ClientStore } from './store';
import type {
  EmulatorAccount,
  EmulatorCall,
  EmulatorOptions,
  RecordedCall,
  RunningEmulator,
} from './types';

export type {
  EmulatorAccount,
  EmulatorCall,
  EmulatorClient,
  EmulatorOptions,
  FaultKind,
  FaultSpec,
  NotFoundStyle,
  ParamEncoding,
  RecordedCall,
  RunningEmulator,
  Spelling,
} from './types';

/** Obviously fake credentials: one token, two locations (web keys). */
export const DEFAULT_ACCOUNTS: EmulatorAccount[] = [
  { accessToken: 'emulator-access-token', webKey: 'emulator-web-key' },
  { accessToken: 'emulator-access-token', webKey: 'emulator-web-key-north' },
];

const API_PREFIX = '/v2/api/';

const HTML_ERROR_PAGE = [
  '<!DOCTYPE html>',
  '<html><head><title>502 Bad Gateway</title></head>',
  '<body><h1>Bad Gateway</h1>',
  '<p>The upstream server returned an invalid response.</p>',
  '</body></html>',
].join('\n');

const BROKEN_JSON = '{"ResultCode":"CT_200","Message":"Succ';

interface Route {
  call: EmulatorCall;
  pathId?: string;
}

/** Starts a ClientTether emulator on loopback; resolves once it listens. */
export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  const emulator = new Emulator(options);

  await emulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');

  return emulator;
}

class Emulator implements RunningEmulator, ControlTarget {
  public baseUrl = '';

  public port = 0;

  private readonly accounts: EmulatorAccount[];

  private readonly store: ClientStore;

  private readonly envelopes: EnvelopeWriter;

  private readonly faultBook = new FaultBook();

  private readonly server: Server;

  private readonly sockets = new Set<Socket>();

  private readonly timers = new Set<NodeJS.Timeout>();

  private recorded: RecordedCall[] = [];

  private latencyMs: number;

  private duplicateCheck: boolean;

  private notFoundCount = 0;

  private closing: Promise<void> | undefined;

  public constructor(private readonly options: EmulatorOptions) {
    this.accounts = [...(options.accounts ?? DEFAULT_ACCOUNTS)];
    this.store = new ClientStore(this.accounts.map((a) => a.webKey));
    this.envelopes = new EnvelopeWriter(options.spelling ?? 'mixed');
    this.latencyMs = options.latencyMs ?? 0;
    this.duplicateCheck = options.duplicateCheck ?? false;

    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        sendText(response, 500, 'Emulator failure', 'text/plain');
      });
    });

    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Binds the server and fills in `port` and `baseUrl`. */
  public listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);

        const address = this.server.address();
        this.port = typeof address === 'object' && address ? address.port : 0;

        const urlHost = host.includes(':') ? `[${host}]` : host;
        this.baseUrl = `http://${urlHost}:${this.port}/v2/api`;
        resolve();
      });
    });
  }

  public seed(webKey: string, client: Parameters<RunningEmulator['seed']>[1]) {
    return this.store.insert(webKey, client);
  }

  public clients(webKey: string) {
    return this.store.list(webKey);
  }

  public hasAccount(webKey: string): boolean {
    return this.store.hasAccount(webKey);
  }

  public calls(): RecordedCall[] {
    return this.recorded.map((call) => ({
      ...call,
      params: { ...call.params },
    }));
  }

  public clearCalls(): void {
    this.recorded = [];
  }

  public injectFault(fault: Parameters<RunningEmulator['injectFault']>[0]) {
    this.faultBook.add(fault);
  }

  public faults() {
    return this.faultBook.list();
  }

  public clearFaults(): void {
    this.faultBook.clear();
  }

  public setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  public setDuplicateCheck(on: boolean): void {
    this.duplicateCheck = on;
  }

  public reset(): void {
    this.store.clear();
    this.clearCalls();
    this.clearFaults();
    this.envelopes.reset();
    this.notFoundCount = 0;
    this.latencyMs = this.options.latencyMs ?? 0;
    this.duplicateCheck = this.options.duplicateCheck ?? false;
  }

  public close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      for (const timer of this.timers) {
        clearTimeout(timer);
      }
      this.timers.clear();

      this.server.close(() => resolve());

      // Hanging and idle keep-alive connections would hold close() open.
      for (const socket of this.sockets) {
        socket.destroy();
      }
    });

    return this.closing;
  }

  private async handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulator');

    if (
      url.pathname === CONTROL_PREFIX ||
      url.pathname.startsWith(`${CONTROL_PREFIX}/`)
    ) {
      return handleControl(request, response, url, this);
    }

    const body = await readBody(request);
    const route = matchRoute(url.pathname);

    if (!route) {
      this.answer(response, 404, { code: 'CT404', data: [] }, 'unknown');
      return;
    }

    const parsed = parseParams(
      url.searchParams,
      body,
      request.headers['content-type'],
    );
    const webKey = headerValue(request.headers['x-web-key']);

    this.recorded.push({
      call: route.call,
      method: request.method ?? 'GET',
      path: url.pathname,
      webKey,
      params: parsed.params,
      encoding: parsed.encoding,
      at: Date.now(),
    });

    const effect = this.faultBook.take(route.call);
    await this.delay(this.latencyMs + effect.latencyMs);

    if (effect.failure) {
      this.fail(request, response, effect.failure, route.call);
      return;
    }

    const accessToken = headerValue(request.headers['x-access-token']);

    if (!this.accepts(accessToken, webKey)) {
      this.reject(response, route.call);
      return;
    }

    if (request.method !== CALL_METHODS[route.call]) {
      this.answer(response, 404, { code: 'CT404', data: [] }, route.call);
      return;
    }

    if (parsed.malformed) {
      this.answer(response, 200, { code: 'CT400', data: [] }, route.call);
      return;
    }

    const outcome = runCall(route.call, {
      store: this.store,
      webKey,
      params: parsed.params,
      pathId: route.pathId,
      duplicateCheck: this.duplicateCheck,
      notFound: () => this.nextNotFound(),
    });

    this.answer(response, 200, outcome, route.call);
  }

  private accepts(accessToken: string, webKey: string): boolean {
    return this.accounts.some(
      (account) =>
        account.accessToken === accessToken && account.webKey === webKey,
    );
  }

  private nextNotFound(): CallOutcome {
    const style = this.options.notFoundStyle ?? 'rotate';

    if (style === 'ct515') {
      return { code: 'CT515', data: [] };
    }

    if (style === 'empty') {
      return { code: 'CT200', data: [], totalRecord: 0 };
    }

    const form = NOT_FOUND_FORMS[this.notFoundCount % NOT_FOUND_FORMS.length];
    this.notFoundCount += 1;

    return form ?? { code: 'CT515', data: [] };
  }

  private fail(
    request: IncomingMessage,
    response: ServerResponse,
    failure: NonNullable<FaultEffect['failure']>,
    call: EmulatorCall,
  ): void {
    this.log(`${call} fault ${failure}`);

    switch (failure) {
      case 'http_500':
        sendText(response, 500, 'Internal Server Error', 'text/plain');
        break;
      case 'html':
        sendText(response, 200, HTML_ERROR_PAGE, 'text/html');
        break;
      case 'invalid_json':
        sendText(response, 200, BROKEN_JSON, 'application/json');
        break;
      case 'empty_body':
        sendText(response, 200, '', 'application/json');
        break;
      case 'reset':
        request.socket.destroy();
        break;
      case 'hang':
        // No answer at all; close() destroys the socket.
        break;
      case 'ct500':
        this.answer(response, 200, { code: 'CT500', data: [] }, call);
        break;
      case 'credentials_rejected':
        this.reject(response, call);
        break;
    }
  }

  private reject(response: ServerResponse, call: EmulatorCall): void {
    this.log(`${call} HTTP 401`);
    sendJson(response, 401, {
      error: 'Unauthorized',
      message: 'Missing or unknown X-Access-Token or X-Web-Key',
    });
  }

  private answer(
    response: ServerResponse,
    status: number,
    outcome: CallOutcome,
    call: string,
  ): void {
    this.log(`${call} HTTP ${status} ${outcome.code}`);
    sendJson(response, status, this.envelopes.write(outcome));
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) {
      return Promise.resolve();
    }

    // After close() the timer is cleared and the request never resumes.
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}

function matchRoute(pathname: string): Route | undefined {
  if (!pathname.startsWith(API_PREFIX)) {
    return undefined;
  }

  const segments = pathname
    .slice(API_PREFIX.length)
    .split('/')
    .filter((segment) => segment !== '');
  const [name, id, ...rest] = segments;

  if (!name || !Object.hasOwn(CALL_METHODS, name) || rest.length > 0) {
    return undefined;
  }

  const call = name as EmulatorCall;

  if (id !== undefined && call !== 'read_client_by_id') {
    return undefined;
  }

  return id === undefined ? { call } : { call, pathId: decodeSegment(id) };
}

// A malformed escape is kept as sent; it then simply matches no client.
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}
