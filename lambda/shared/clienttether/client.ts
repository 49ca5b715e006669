import type { Deadline } from '../deadline';
import { logger } from '../logger';
import { lastFour, maskEmail } from '../mask';
import { classifyEnvelope, type Envelope } from './envelope';
import {
  ClientNotFoundError,
  ClientTetherError,
  ClientTetherRejectedError,
  ClientTetherTimeoutError,
  ClientTetherUnavailableError,
  CredentialsRejectedError,
} from './errors';
import type {
  CallName,
  CallOptions,
  ClientFields,
  ClientMatch,
  ClientRecord,
  ClientTetherApi,
  ClientTetherCredentials,
  CredentialsProvider,
  PostEncoding,
  WriteResult,
} from './types';

/** How one attempt ended, as logged and reported to `onCall`. */
export type AttemptOutcome =
  | 'ok'
  | 'not_found'
  | 'in_use'
  | 'duplicate'
  | 'rejected'
  | 'unavailable'
  | 'timeout'
  | 'credentials_rejected';

/** What `onCall` hears after each attempt. */
export interface CallInfo {
  call: CallName;
  attempt: number;
  durationMs: number;
  httpStatus?: number;
  resultCode?: string;
  outcome: AttemptOutcome;
}

/** Settings of one `ClientTetherClient`. */
export interface ClientTetherClientOptions {
  /** API root including `/v2/api`. */
  baseUrl: string;

  /** How POST and DELETE parameters travel. */
  postEncoding: PostEncoding;

  /** Credentials of the location the client acts for. */
  credentials: CredentialsProvider;

  /**
   * Longest wait for one attempt; always capped by the deadline.
   * @default 3000
   */
  requestTimeoutMs?: number;

  /**
   * Most attempts of a read that keeps failing for a passing reason.
   * @default 3
   */
  maxAttempts?: number;

  /**
   * Back-off before the first retry; doubles per retry, fully jittered.
   * @default 100
   */
  retryBaseDelayMs?: number;

  /**
   * Least time an attempt needs; no retry starts with less left.
   * @default 250
   */
  minAttemptMs?: number;

  /** Defaults to the global `fetch`, whose pool keeps sockets alive. */
  fetchImpl?: typeof fetch;

  /** Hears every attempt, such as to measure time spent upstream. */
  onCall?: (info: CallInfo) => void;
}

/** One request to make, before credentials and encoding. */
interface RequestSpec {
  call: CallName;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  params: Record<string, string>;
  /** Reads are safe to repeat; writes are not. */
  idempotent: boolean;
  /** The look-up key, masked, for the log line. */
  lookup?: string;
}

/** The answer of one attempt that reached a verdict. */
type CallResult =
  | { kind: 'success'; envelope: Envelope }
  | { kind: 'not_found'; resultCode: string };

const MAX_BACKOFF_MS = 1000;

/** The ClientTether API 2.0 over HTTP; one instance per location. */
export class ClientTetherClient implements ClientTetherApi {
  private readonly baseUrl: string;
  private readonly postEncoding: PostEncoding;
  private readonly credentials: CredentialsProvider;
  private readonly requestTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseDelayMs: number;
  private readonly minAttemptMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly onCall?: (info: CallInfo) => void;

  public constructor(options: ClientTetherClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.postEncoding = options.postEncoding;
    this.credentials = options.credentials;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 3000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 100;
    this.minAttemptMs = options.minAttemptMs ?? 250;
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
    this.onCall = options.onCall;
  }

  /** Clients whose phone (10 digits) matches; empty when none. */
  public async findByPhone(
    phone: string,
    options: CallOptions,
  ): Promise<ClientMatch[]> {
    return this.findBy({ phone }, `phone *${lastFour(phone)}`, options);
  }

  /** Clients whose e-mail matches; empty when none. */
  public async findByEmail(
    email: string,
    options: CallOptions,
  ): Promise<ClientMatch[]> {
    return this.findBy({ email }, `email ${maskEmail(email)}`, options);
  }

  /** The full record; `ClientNotFoundError` when there is none. */
  public async readById(
    clientId: string,
    options: CallOptions,
  ): Promise<ClientRecord> {
    const call = 'read_client_by_id';
    const result = await this.send(
      {
        call,
        method: 'GET',
        path: `${call}/${encodeURIComponent(clientId)}`,
        params: {},
        idempotent: true,
      },
      options.deadline,
    );

    const record =
      result.kind === 'success' ? result.envelope.records[0] : undefined;
    if (record === undefined) {
      throw new ClientNotFoundError(call, notFoundCode(result));
    }

    return record.fields;
  }

  /** Creates a client; `DuplicateClientError` on CT520. */
  public async create(
    fields: ClientFields,
    options: CallOptions,
  ): Promise<WriteResult & { clientId: string }> {
    const call = 'create_client';
    const envelope = await this.write(call, 'POST', fields, options);

    const clientId = firstClientId(envelope);
    if (clientId === null) {
      // The client may well exist now; the caller's look-up before any
      // new attempt finds it, so this must not read as "rejected".
      throw new ClientTetherUnavailableError(call, 'success without id', {
        resultCode: envelope.resultCode,
      });
    }

    return { resultCode: envelope.resultCode, clientId };
  }

  /** Updates a client; `ClientNotFoundError` on CT515. */
  public async update(
    clientId: string,
    fields: ClientFields,
    options: CallOptions,
  ): Promise<WriteResult> {
    const params = { ...fields, client_id: clientId };
    const envelope = await this.write(
      'update_client_by_id',
      'POST',
      params,
      options,
    );

    return { resultCode: envelope.resultCode };
  }

  /** Deletes by id; `ClientInUseError` on CT512, not found on CT515. */
  public async deleteById(
    clientId: string,
    options: CallOptions,
  ): Promise<WriteResult> {
    const envelope = await this.write(
      'delete_client_by_id',
      'DELETE',
      { client_id: clientId },
      options,
    );

    return { resultCode: envelope.resultCode };
  }

  /** Deletes by external id; same errors as `deleteById`. */
  public async deleteByExternalId(
    externalId: string,
    options: CallOptions,
  ): Promise<WriteResult & { clientId: string | null }> {
    const envelope = await this.write(
      'delete_client_by_external_id',
      'DELETE',
      { external_id: externalId },
      options,
    );

    return {
      resultCode: envelope.resultCode,
      clientId: firstClientId(envelope),
    };
  }

  private async findBy(
    params: { phone: string } | { email: string },
    lookup: string,
    options: CallOptions,
  ): Promise<ClientMatch[]> {
    const result = await this.send(
      {
        call: 'read_client_exist',
        method: 'GET',
        path: 'read_client_exist',
        params,
        idempotent: true,
        lookup,
      },
      options.deadline,
    );
    if (result.kind === 'not_found') {
      return [];
    }

    return result.envelope.records.flatMap((record) =>
      record.clientId === null
        ? []
        : [{ clientId: record.clientId, externalId: record.externalId }],
    );
  }

  /** A write whose CT515 means "no such client". */
  private async write(
    call: CallName,
    method: 'POST' | 'DELETE',
    params: Record<string, string>,
    options: CallOptions,
  ): Promise<Envelope> {
    const result = await this.send(
      { call, method, path: call, params, idempotent: false },
      options.deadline,
    );
    if (result.kind === 'not_found') {
      throw new ClientNotFoundError(call, result.resultCode);
    }

    return result.envelope;
  }

  /**
   * Makes the call: reads retry while ClientTether is unavailable or slow
   * and the deadline leaves room; any call is repeated once with fresh
   * credentials after they were rejected, since nothing happened then.
   */
  private async send(
    spec: RequestSpec,
    deadline: Deadline,
  ): Promise<CallResult> {
    let credentials = await this.credentials({ refresh: false });
    let refreshed = false;

    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(spec, credentials, deadline, attempt);
      } catch (error) {
        if (error instanceof CredentialsRejectedError && !refreshed) {
          refreshed = true;
          credentials = await this.credentials({ refresh: true });
          continue;
        }

        const delayMs = this.retryDelay(spec, error, attempt, deadline);
        if (delayMs === undefined) {
          throw error;
        }
        await sleep(delayMs);
      }
    }
  }

  /** Back-off before another attempt, or undefined when none may start. */
  private retryDelay(
    spec: RequestSpec,
    error: unknown,
    attempt: number,
    deadline: Deadline,
  ): number | undefined {
    const transient =
      error instanceof ClientTetherUnavailableError ||
      error instanceof ClientTetherTimeoutError;
    if (!spec.idempotent || !transient || attempt >= this.maxAttempts) {
      return undefined;
    }

    const ceiling = Math.min(
      MAX_BACKOFF_MS,
      this.retryBaseDelayMs * 2 ** (attempt - 1),
    );
    const delayMs = Math.floor(Math.random() * ceiling);
    if (deadline.remainingMs() - delayMs < this.minAttemptMs) {
      return undefined;
    }

    return delayMs;
  }

  /** One HTTP exchange, logged once, bounded by timeout and deadline. */
  private async attempt(
    spec: RequestSpec,
    credentials: ClientTetherCredentials,
    deadline: Deadline,
    attempt: number,
  ): Promise<CallResult> {
    const budgetMs = Math.min(this.requestTimeoutMs, deadline.remainingMs());
    if (budgetMs <= 0) {
      this.report(spec, attempt, 0, { outcome: 'timeout' });
      throw new ClientTetherTimeoutError(spec.call);
    }

    const startedAt = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budgetMs);
    let httpStatus: number | undefined;

    try {
      const { url, init } = this.buildRequest(spec, credentials);
      const response = await this.fetchImpl(url, {
        ...init,
        signal: controller.signal,
      });
      httpStatus = response.status;
      // Reading the body to its end hands the socket back to the pool.
      const text = await response.text();
      // undici frees the socket a moment after the body ends; waiting for
      // it lets the next call of this request reuse it, not dial anew.
      await new Promise(setImmediate);
      const result = interpretResponse(spec.call, response.status, text);

      this.report(spec, attempt, elapsedSince(startedAt), {
        httpStatus,
        resultCode:
          result.kind === 'success'
            ? result.envelope.resultCode
            : result.resultCode,
        outcome: result.kind === 'success' ? 'ok' : 'not_found',
      });
      return result;
    } catch (caught) {
      const error =
        controller.signal.aborted && !(caught instanceof ClientTetherError)
          ? new ClientTetherTimeoutError(spec.call)
          : asClientTetherError(spec.call, caught);

      this.report(spec, attempt, elapsedSince(startedAt), {
        httpStatus,
        resultCode: error.resultCode,
        outcome: outcomeOf(error),
      });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** URL and init of a request; credentials go in headers only. */
  private buildRequest(
    spec: RequestSpec,
    credentials: ClientTetherCredentials,
  ): { url: string; init: RequestInit } {
    const url = new URL(`${this.baseUrl}/${spec.path}`);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-Access-Token': credentials.accessToken,
      'X-Web-Key': credentials.webKey,
    };
    let body: string | undefined;

    if (spec.method === 'GET' || this.postEncoding === 'query') {
      for (const [name, value] of Object.entries(spec.params)) {
        url.searchParams.set(name, value);
      }
    } else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.params);
    }

    return {
      url: url.toString(),
      init: { method: spec.method, headers, body },
    };
  }

  private report(
    spec: RequestSpec,
    attempt: number,
    durationMs: number,
    details: {
      httpStatus?: number;
      resultCode?: string;
      outcome: AttemptOutcome;
    },
  ): void {
    const info: CallInfo = { call: spec.call, attempt, durationMs, ...details };

    logger.info('ClientTether call', { ...info, lookup: spec.lookup });
    if (info.resultCode === 'CT501') {
      logger.warn(
        'ClientTether answered CT501 (missing key/value); credentials ' +
          'sent the wrong way are a possible cause',
        { call: spec.call },
      );
    }
    this.onCall?.(info);
  }
}

/**
 * Reads one HTTP answer. 401/403 mean rejected credentials; 5xx, 408 and
 * 429 mean ClientTether cannot serve now; any other non-2xx (an HTML 404
 * from a wrong base URL) is a rejection with code `HTTP<status>`, since
 * repeating the same request would not help.
 */
function interpretResponse(
  call: CallName,
  status: number,
  text: string,
): CallResult {
  if (status === 401 || status === 403) {
    throw new CredentialsRejectedError(call, status);
  }
  if (status >= 500 || status === 408 || status === 429) {
    throw new ClientTetherUnavailableError(call, `HTTP ${status}`, {
      httpStatus: status,
    });
  }
  if (status < 200 || status > 299) {
    throw new ClientTetherRejectedError(call, `HTTP${status}`);
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ClientTetherUnavailableError(call, 'body is not JSON', {
      httpStatus: status,
    });
  }

  const outcome = classifyEnvelope(call, body);
  if (outcome.kind === 'error') {
    throw outcome.error;
  }

  return outcome;
}

function outcomeOf(error: ClientTetherError): AttemptOutcome {
  switch (error.name) {
    case 'ClientNotFoundError':
      return 'not_found';
    case 'ClientInUseError':
      return 'in_use';
    case 'DuplicateClientError':
      return 'duplicate';
    case 'ClientTetherRejectedError':
      return 'rejected';
    case 'ClientTetherTimeoutError':
      return 'timeout';
    case 'CredentialsRejectedError':
      return 'credentials_rejected';
    default:
      return 'unavailable';
  }
}

/** Anything thrown during an exchange, as one of our typed errors. */
function asClientTetherError(
  call: CallName,
  caught: unknown,
): ClientTetherError {
  if (caught instanceof ClientTetherError) {
    return caught;
  }

  return new ClientTetherUnavailableError(call, 'network error', {
    cause: caught,
  });
}

function notFoundCode(result: CallResult): string | undefined {
  return result.kind === 'not_found' ? result.resultCode : undefined;
}

function firstClientId(envelope: Envelope): string | null {
  const fromData = envelope.records.find((record) => record.clientId !== null);

  return fromData?.clientId ?? envelope.topLevelClientId;
}

function elapsedSince(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
