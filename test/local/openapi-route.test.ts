import { readFileSync } from 'node:fs';
import type { HandlerSet, LocalHandler } from '../../local/routes';
import { OPENAPI_DOCUMENT_PATH } from '../../local/routes';
import { type LocalServer, startLocalServer } from '../../local/server';

const unused: LocalHandler = async () => ({ statusCode: 500, body: '{}' });

const handlers: HandlerSet = {
  'check-client': unused,
  'create-update-client': unused,
  'delete-client': unused,
};

describe('GET /openapi.json on the local server', () => {
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      emulator: false,
      idempotency: false,
      handlers,
      syncWorker: async () => ({ batchItemFailures: [] }),
      env: {},
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('serves the committed document without an API key', async () => {
    // Prepare
    const committed = readFileSync(OPENAPI_DOCUMENT_PATH, 'utf8');

    // Act
    const response = await fetch(`${server.url}/openapi.json`);
    const text = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(text).toBe(committed);
    expect(JSON.parse(text)).toMatchObject({ openapi: '3.1.0' });
  });

  it('answers other methods as the gateway does', async () => {
    // Act
    const response = await fetch(`${server.url}/openapi.json`, {
      method: 'POST',
    });

    // Assess
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({
      success: false,
      error: 'method_not_allowed',
    });
  });
});
