import {
  createUpdateClientQueuedSchema,
  createUpdateClientResponseSchema,
} from '../../lambda/shared/api/responses';
import { DEMO_LOCATIONS } from '../../local/demo-emulator';
import { type LocalServer, startLocalServer } from '../../local/server';
import { LogCapture } from '../helpers/log-capture';

const BOOKING = {
  customer_first_name: 'Morgan',
  customer_last_name: 'Later',
  customer_phone: '(312) 555-0188',
  customer_email: 'morgan.later@example.com',
  appointment_date: '2030-03-01',
  appointment_time: '13:00',
  call_id: 'local-outage-call',
};

describe('the local server when ClientTether is down', () => {
  const logs = new LogCapture();
  let server: LocalServer;

  beforeAll(async () => {
    logs.start();
    server = await startLocalServer({ port: 0, emulator: true });
  });

  afterAll(async () => {
    await server?.close();
    logs.stop();
  });

  async function book(body: unknown) {
    const response = await fetch(`${server.url}/create-update-client`, {
      method: 'POST',
      headers: {
        'x-api-key': server.apiKey,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });

    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  function mainClients() {
    const webKey = server.emulator?.env.CLIENTTETHER_WEB_KEY ?? '';

    return server.emulator?.running.clients(webKey) ?? [];
  }

  async function waitFor(check: () => boolean, timeoutMs: number) {
    const until = Date.now() + timeoutMs;
    while (!check() && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    return check();
  }

  it('queues a booking during an outage and applies it once ClientTether is back', async () => {
    // Prepare
    const emulator = server.emulator?.running;
    emulator?.injectFault({ kind: 'http_500' });
    const before = mainClients().length;

    // Act
    const queued = await book(BOOKING);
    const retried = await book(BOOKING);
    emulator?.clearFaults();
    const applied = await waitFor(
      // The worker writes before it returns, and only then is the message
      // taken off the queue: wait for both.
      () =>
        mainClients().length === before + 1 && server.syncQueue.pending() === 0,
      // Generous: the worker's first retry waits 2 s, and the machine
      // may be busy with other suites.
      40_000,
    );

    // Assess
    expect(queued.status).toBe(202);
    expect(createUpdateClientQueuedSchema.parse(queued.body).operation).toBe(
      'queued',
    );
    expect(retried.status).toBe(202);
    expect(applied).toBe(true);
    expect(mainClients()).toContainEqual(
      expect.objectContaining({ firstName: 'Morgan', phone: '3125550188' }),
    );
    expect(server.syncQueue.pending()).toBe(0);
  }, 60_000);

  it('replays a repeated booking from the idempotency table', async () => {
    // Prepare
    const booking = { ...BOOKING, appointment_time: '15:30' };
    const first = await book(booking);
    const callsBefore = server.emulator?.running.calls().length ?? 0;

    // Act
    const again = await book(booking);

    // Assess
    expect(createUpdateClientResponseSchema.parse(again.body)).toMatchObject({
      client_id: first.body.client_id,
      operation: first.body.operation,
    });
    expect(server.emulator?.running.calls()).toHaveLength(callsBefore);
    expect(DEMO_LOCATIONS).toBeDefined();
  });
});
