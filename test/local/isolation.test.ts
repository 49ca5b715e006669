import {
  checkClientFoundSchema,
  checkClientNotFoundSchema,
  createUpdateClientResponseSchema,
  errorResponseSchema,
} from '../../lambda/shared/api/responses';
import { DEMO_LOCATIONS } from '../../local/demo-emulator';
import { type LocalServer, startLocalServer } from '../../local/server';
import { LogCapture } from '../helpers/log-capture';

const MAIN_KEY = 'main-agent-key';
const NORTH_KEY = 'north-agent-key';

const PAT_PHONE = '(312) 555-0101';
const JORDAN_PHONE = '(612) 555-0104';

describe('the local API with a key per location', () => {
  const logs = new LogCapture();
  let server: LocalServer;

  beforeAll(async () => {
    logs.start();
    server = await startLocalServer({
      port: 0,
      emulator: true,
      apiKeys: { [MAIN_KEY]: 'main', [NORTH_KEY]: 'north' },
    });
  });

  afterAll(async () => {
    await server?.close();
    logs.stop();
  });

  async function call(apiKey: string, route: string, body: unknown) {
    const response = await fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  function upstreamCalls(): number {
    return server.emulator?.running.calls().length ?? 0;
  }

  it('acts on the key’s own location when no location_id is given', async () => {
    // Act
    const north = await call(NORTH_KEY, '/check-client', {
      customer_phone: JORDAN_PHONE,
    });
    const main = await call(MAIN_KEY, '/check-client', {
      customer_phone: PAT_PHONE,
    });

    // Assess
    expect(checkClientFoundSchema.parse(north.body).client_first_name).toBe(
      'Jordan',
    );
    expect(checkClientFoundSchema.parse(main.body).client_first_name).toBe(
      'Pat',
    );
  });

  it('keeps each location’s clients out of the other’s reach', async () => {
    // Act
    const fromMain = await call(MAIN_KEY, '/check-client', {
      customer_phone: JORDAN_PHONE,
    });
    const fromNorth = await call(NORTH_KEY, '/check-client', {
      customer_phone: PAT_PHONE,
    });

    // Assess
    expect(checkClientNotFoundSchema.parse(fromMain.body).client_exists).toBe(
      false,
    );
    expect(checkClientNotFoundSchema.parse(fromNorth.body).client_exists).toBe(
      false,
    );
  });

  it('refuses another location with 403 before any upstream call', async () => {
    // Prepare
    const callsBefore = upstreamCalls();

    // Act
    const answer = await call(NORTH_KEY, '/check-client', {
      customer_phone: PAT_PHONE,
      location_id: 'main',
    });

    // Assess
    expect(answer.status).toBe(403);
    const body = errorResponseSchema.parse(answer.body);
    expect(body.error).toBe('forbidden');
    expect(body.message).not.toContain('main');
    expect(upstreamCalls()).toBe(callsBefore);
  });

  it('creates a client in the account of the key’s location', async () => {
    // Act
    const answer = await call(NORTH_KEY, '/create-update-client', {
      customer_first_name: 'Riley',
      customer_last_name: 'Northcaller',
      customer_phone: '612-555-0166',
    });

    // Assess
    const saved = createUpdateClientResponseSchema.parse(answer.body);
    const northClients = server.emulator?.running.clients(
      DEMO_LOCATIONS.north?.webKey ?? '',
    );
    const mainClients = server.emulator?.running.clients(
      DEMO_LOCATIONS.main?.webKey ?? '',
    );
    expect(northClients?.map((client) => client.client_id)).toContain(
      saved.client_id,
    );
    expect(mainClients?.map((client) => client.client_id)).not.toContain(
      saved.client_id,
    );
  });

  it('lets the operator key name any location', async () => {
    // Act
    const answer = await call(server.apiKey, '/check-client', {
      customer_phone: JORDAN_PHONE,
      location_id: 'north',
    });

    // Assess
    expect(checkClientFoundSchema.parse(answer.body).client_first_name).toBe(
      'Jordan',
    );
  });
});
