import { isLoopback } from '../../emulator/control';
import { type RunningEmulator, startEmulator } from '../../emulator/emulator';
import { MAIN, resultCode, send, toAnswer } from './helpers';

describe('ClientTether emulator control API', () => {
  let emulator: RunningEmulator;
  let controlUrl: string;

  const control = async (path: string, method = 'GET', body?: unknown) =>
    toAnswer(
      await fetch(`${controlUrl}${path}`, {
        method,
        headers:
          body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );

  beforeAll(async () => {
    emulator = await startEmulator();
    controlUrl = `http://127.0.0.1:${emulator.port}/_emulator`;
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    emulator.reset();
  });

  it('lists the clients of one account without ClientTether credentials', async () => {
    // Prepare
    const client = emulator.seed(MAIN.webKey, {
      firstName: 'Pat',
      lastName: 'Demo',
    });

    // Act
    const answer = await control(`/clients?web_key=${MAIN.webKey}`);

    // Assess
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual([client]);
  });

  it('answers 400 when web_key is missing and 404 when it is unknown', async () => {
    // Act
    const missing = await control('/clients');
    const unknown = await control('/clients?web_key=nobody');

    // Assess
    expect(missing.status).toBe(400);
    expect(unknown.status).toBe(404);
  });

  it('lists the recorded calls and hides web keys it does not know', async () => {
    // Prepare
    await send(emulator, 'read_client_by_id/1');
    await send(emulator, 'read_client_by_id/2', {
      account: null,
      headers: { 'X-Access-Token': 'x', 'X-Web-Key': 'someone-elses-key' },
    });

    // Act
    const answer = await control('/calls');

    // Assess
    const calls = JSON.parse(answer.text) as { webKey: string }[];
    expect(calls.map((call) => call.webKey)).toEqual([
      MAIN.webKey,
      '(unknown)',
    ]);
    expect(answer.text).not.toContain('someone-elses-key');
  });

  it('does not record its own requests as calls', async () => {
    // Act
    await control('/calls');
    await control('/faults', 'DELETE');

    // Assess
    expect(emulator.calls()).toEqual([]);
  });

  it('injects a fault sent as JSON', async () => {
    // Prepare
    const fault = { kind: 'http_500', calls: ['read_client_by_id'], times: 1 };

    // Act
    const answer = await control('/faults', 'POST', fault);
    const faulted = await send(emulator, 'read_client_by_id/1');
    const normal = await send(emulator, 'read_client_by_id/1');

    // Assess
    expect(answer.status).toBe(201);
    expect(faulted.status).toBe(500);
    expect(normal.status).toBe(200);
  });

  it('lists the waiting faults with their remaining count', async () => {
    // Prepare
    emulator.injectFault({ kind: 'ct500', times: 2 });
    await send(emulator, 'read_client_by_id/1');

    // Act
    const answer = await control('/faults');

    // Assess
    expect(JSON.parse(answer.text)).toEqual([{ kind: 'ct500', times: 1 }]);
  });

  it('answers 400 to a malformed fault', async () => {
    // Act
    const unknownKind = await control('/faults', 'POST', { kind: 'boom' });
    const notJson = await toAnswer(
      await fetch(`${controlUrl}/faults`, { method: 'POST', body: '{' }),
    );

    // Assess
    expect(unknownKind.status).toBe(400);
    expect(notJson.status).toBe(400);
  });

  it('clears the faults on DELETE /faults', async () => {
    // Prepare
    emulator.injectFault({ kind: 'ct500' });

    // Act
    await control('/faults', 'DELETE');
    const answer = await send(emulator, 'read_client_by_id/1');

    // Assess
    expect(resultCode(answer.body)).toBe('CT515');
  });

  it('sets the added latency', async () => {
    // Prepare
    await control('/latency', 'POST', { ms: 120 });
    const started = performance.now();

    // Act
    await send(emulator, 'read_client_by_id/1');

    // Assess
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('answers 400 to a latency that is not a whole number', async () => {
    // Act
    const answer = await control('/latency', 'POST', { ms: 'slow' });

    // Assess
    expect(answer.status).toBe(400);
  });

  it('resets the emulator and clears the calls', async () => {
    // Prepare
    emulator.seed(MAIN.webKey, { firstName: 'Pat', lastName: 'Demo' });
    await send(emulator, 'read_client_by_id/1');

    // Act
    await control('/calls', 'DELETE');
    const afterClear = emulator.calls();
    await control('/reset', 'POST');

    // Assess
    expect(afterClear).toEqual([]);
    expect(emulator.clients(MAIN.webKey)).toEqual([]);
  });

  it('answers 404 to an unknown control path', async () => {
    // Act
    const answer = await control('/nothing');

    // Assess
    expect(answer.status).toBe(404);
  });

  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['::ffff:192.168.1.2', false],
    [undefined, false],
  ])('treats the peer %s as loopback: %s', (address, expected) => {
    // Act
    const loopback = isLoopback(address);

    // Assess
    expect(loopback).toBe(expected);
  });
});
