import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFault } from './faults';
import { readBody, sendJson } from './http-io';
import type { FaultSpec, RecordedCall, RunningEmulator } from './types';

/** Path prefix of the control API. */
export const CONTROL_PREFIX = '/_emulator';

/** What the control API needs from the emulator behind it. */
export interface ControlTarget
  extends Pick<
    RunningEmulator,
    | 'clients'
    | 'calls'
    | 'clearCalls'
    | 'injectFault'
    | 'clearFaults'
    | 'setLatency'
    | 'reset'
  > {
  hasAccount(webKey: string): boolean;
  faults(): FaultSpec[];
}

/** Whether a peer address is this machine. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) {
    return false;
  }

  return (
    address === '::1' ||
    address.startsWith('127.') ||
    address.startsWith('::ffff:127.')
  );
}

/** Answers one request under `/_emulator`. */
export async function handleControl(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  target: ControlTarget,
): Promise<void> {
  const body = await readBody(request);

  if (!isLoopback(request.socket.remoteAddress)) {
    sendJson(response, 403, { error: 'The control API is loopback only' });
    return;
  }

  const route = `${request.method ?? 'GET'} ${url.pathname}`;

  switch (route) {
    case `GET ${CONTROL_PREFIX}/clients`:
      return listClients(response, url, target);
    case `GET ${CONTROL_PREFIX}/calls`:
      return sendJson(response, 200, maskCalls(target.calls(), target));
    case `DELETE ${CONTROL_PREFIX}/calls`:
      target.clearCalls();
      return sendJson(response, 200, { ok: true });
    case `GET ${CONTROL_PREFIX}/faults`:
      return sendJson(response, 200, target.faults());
    case `POST ${CONTROL_PREFIX}/faults`:
      return addFault(response, body, target);
    case `DELETE ${CONTROL_PREFIX}/faults`:
      target.clearFaults();
      return sendJson(response, 200, { ok: true });
    case `POST ${CONTROL_PREFIX}/latency`:
      return setLatency(response, body, target);
    case `POST ${CONTROL_PREFIX}/reset`:
      target.reset();
      return sendJson(response, 200, { ok: true });
    default:
      sendJson(response, 404, { error: 'No such control endpoint' });
  }
}

function listClients(
  response: ServerResponse,
  url: URL,
  target: ControlTarget,
): void {
  const webKey = url.searchParams.get('web_key');

  if (!webKey) {
    sendJson(response, 400, { error: 'web_key is required' });
    return;
  }

  if (!target.hasAccount(webKey)) {
    sendJson(response, 404, { error: 'No account with that web_key' });
    return;
  }

  sendJson(response, 200, target.clients(webKey));
}

function addFault(
  response: ServerResponse,
  body: string,
  target: ControlTarget,
): void {
  let fault: FaultSpec;

  try {
    fault = parseFault(JSON.parse(body));
  } catch (error) {
    sendJson(response, 400, { error: describe(error) });
    return;
  }

  target.injectFault(fault);
  sendJson(response, 201, fault);
}

function setLatency(
  response: ServerResponse,
  body: string,
  target: ControlTarget,
): void {
  let ms: unknown;

  try {
    ms = (JSON.parse(body) as { ms?: unknown }).ms;
  } catch {
    ms = undefined;
  }

  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) {
    sendJson(response, 400, { error: 'Send {"ms": <whole number >= 0>}' });
    return;
  }

  target.setLatency(ms);
  sendJson(response, 200, { ms });
}

// Web keys the emulator was not configured with may be someone's real ones.
function maskCalls(
  calls: RecordedCall[],
  target: ControlTarget,
): RecordedCall[] {
  return calls.map((call) => ({
    ...call,
    webKey: target.hasAccount(call.webKey) ? call.webKey : '(unknown)',
  }));
}

function describe(error: unknown): string {
  if (error instanceof SyntaxError) {
    return 'The body must be JSON';
  }

  return error instanceof Error ? error.message : 'Invalid request';
}
