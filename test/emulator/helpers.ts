import {
  DEFAULT_ACCOUNTS,
  type EmulatorAccount,
  type RunningEmulator,
} from '../../emulator/emulator';

/** The first default account (main location). */
export const MAIN = DEFAULT_ACCOUNTS[0] as EmulatorAccount;

/** The second default account (north location). */
export const NORTH = DEFAULT_ACCOUNTS[1] as EmulatorAccount;

/** How a test sends one request to the emulator. */
export interface SendOptions {
  method?: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  account?: EmulatorAccount | null;
  headers?: Record<string, string>;
}

/** What came back, body parsed as JSON when it is JSON. */
export interface Answer {
  status: number;
  text: string;
  contentType: string;
  body: Record<string, unknown>;
}

/** Sends a request to `<baseUrl>/<path>` with the account's headers. */
export async function send(
  emulator: RunningEmulator,
  path: string,
  options: SendOptions = {},
): Promise<Answer> {
  const url = new URL(`${emulator.baseUrl}/${path}`);

  for (const [name, value] of Object.entries(options.query ?? {})) {
    url.searchParams.set(name, value);
  }

  const headers: Record<string, string> = { ...options.headers };
  const account = options.account === undefined ? MAIN : options.account;

  if (account) {
    headers['X-Access-Token'] = account.accessToken;
    headers['X-Web-Key'] = account.webKey;
  }

  let body: string | undefined;

  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }

  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body,
  });

  return toAnswer(response);
}

/** Reads a fetch response into an `Answer`. */
export async function toAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let body: Record<string, unknown> = {};

  if (contentType.includes('json') && text !== '') {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = {};
    }
  }

  return { status: response.status, text, contentType, body };
}

/** The result code whichever way it is spelled, as `CT200`. */
export function resultCode(body: Record<string, unknown>): string {
  const code = body.ResultCode ?? body.resultCode;

  return typeof code === 'string' ? code.toUpperCase().replace('_', '') : '';
}

/** The `data` array of an envelope (throws when it is not one). */
export function dataOf(
  body: Record<string, unknown>,
): Record<string, unknown>[] {
  if (!Array.isArray(body.data)) {
    throw new Error('The envelope has no data array');
  }

  return body.data as Record<string, unknown>[];
}

/** Creates a client over HTTP and answers its new id. */
export async function createOverHttp(
  emulator: RunningEmulator,
  fields: Record<string, string>,
  account: EmulatorAccount = MAIN,
): Promise<string> {
  const answer = await send(emulator, 'create_client', {
    method: 'POST',
    query: fields,
    account,
  });
  const id = dataOf(answer.body)[0]?.client_id;

  if (typeof id !== 'string') {
    throw new Error('create_client answered no id');
  }

  return id;
}
